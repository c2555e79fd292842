using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Linux;

namespace CgManager.Core.Operations;

public sealed partial class CgroupService
{
    /// <summary>
    /// Arms a PSI trigger on the cgroup's pressure file in the v2 hierarchy (PSI has no v1 form), after the same
    /// read check as Watch. The kernel keeps one trigger per open file, so each watch has its own.
    /// </summary>
    public PressureTrigger ArmPressureTrigger(Caller caller, string cgroup, PressureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(privileged: caller.Requestor.IsHostRoot);
        var unified = Existing(caller, cgroup).Where(e => e.Hierarchy.IsUnified).ToList();
        if (unified.Count == 0)
        {
            throw new CgException(CgErrorKind.NotSupported,
                $"pressure of {cgroup}: PSI exists on cgroup v2 only, and no v2 hierarchy holds this cgroup here");
        }

        var (hierarchy, target) = unified[0];
        Allow(FileAccessPolicy.MayAccess(caller.Requestor, hierarchy.Facts(hierarchy.PathOf(target)), AccessMode.Read, $"{hierarchy.Name}:{target}"));
        string file = hierarchy.PathOf(target, spec.Resource + ".pressure");
        var fd = KernelErrors.Do($"{hierarchy.Name}:{target}/{spec.Resource}.pressure", () =>
            hierarchy.Root.OpenFile(file, OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK));
        try
        {
            // the kernel reads the trigger from one write and overwrites its last byte with a NUL: the NUL is sent
            Sys.WriteOnce(fd, System.Text.Encoding.ASCII.GetBytes(spec.TriggerText + "\0"), file);
        }
        catch (LinuxException e) when (e.Errno == Errno.EINVAL)
        {
            fd.Dispose();
            // the trigger passed the kernel's documented checks above: a kernel that still refuses it has no triggers
            throw new CgException(CgErrorKind.NotSupported, $"pressure of {cgroup}: this kernel refuses PSI triggers ({spec.TriggerText}: EINVAL)");
        }
        catch (LinuxException e)
        {
            fd.Dispose();
            throw KernelErrors.ToCgException(e, $"arming {hierarchy.Name}:{target}/{spec.Resource}.pressure");
        }
        catch
        {
            fd.Dispose();
            throw;
        }

        return new PressureTrigger(cgroup, spec, fd);
    }
}
