using System.Globalization;
using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Paths;
using CgManager.Linux;
using static CgManager.Core.Operations.CgroupContext;

namespace CgManager.Core.Operations;

/// <summary>
/// One watched event of one cgroup: how to read its current value (null when unreadable now), and
/// the source it reads (the same for every caller who watches the same event of the same cgroups),
/// so that a sampler reads each source once however many watch it.
/// </summary>
public sealed record EventProbe(string Cgroup, string Event, Func<object?> Sample, string? Source = null);

/// <summary>
/// What Manager1's Watch and WatchPressure observe of a cgroup, checked now for read access: probes of its events
/// (populated, frozen, memory counts) for the daemon's sampler, and a PSI trigger the kernel arms on its pressure file.
/// </summary>
public sealed class WatchOperations
{
    private readonly CgroupContext _context;

    internal WatchOperations(CgroupContext context) => _context = context;

    /// <summary>The events Watch knows, and how each is read on v1 and v2.</summary>
    public static readonly IReadOnlyList<string> EventNames = ["populated", "frozen", "oom_kill", "max"];

    /// <summary>
    /// Watch: probes for the cgroup's events, checked now for access (r must be able to read the
    /// cgroup). populated and frozen are booleans; oom_kill and max are counts (v2 memory.events;
    /// v1 memory.oom_control's oom_kill and memory.failcnt).
    /// </summary>
    public IReadOnlyList<EventProbe> PrepareWatch(Caller caller, string cgroup, IReadOnlyList<string> events)
    {
        var existing = _context.Existing(caller, cgroup);
        foreach (var (hierarchy, target) in existing)
        {
            Allow(FileAccessPolicy.MayAccess(caller.Requestor, hierarchy.Facts(hierarchy.PathOf(target)), AccessMode.Read, $"{hierarchy.Name}:{target}"));
        }

        var probes = new List<EventProbe>();
        string where = string.Join(',', existing.Select(e => e.Hierarchy.Name + ":" + e.Cgroup.ToString()));
        foreach (var name in events)
        {
            string source = name + "@" + where;
            probes.Add(name switch
            {
                "populated" => new EventProbe(cgroup, name, Populated(existing), source),
                "frozen" => new EventProbe(cgroup, name, Frozen(existing), source),
                "oom_kill" => new EventProbe(cgroup, name, MemoryCount(existing, v2Field: "oom_kill", v1File: "memory.oom_control", v1Field: "oom_kill"), source),
                "max" => new EventProbe(cgroup, name, MemoryCount(existing, v2Field: "max", v1File: "memory.failcnt", v1Field: null), source),
                _ => throw new CgException(CgErrorKind.InvalidArgument, $"unknown event '{name}'; known: {string.Join(' ', EventNames)}"),
            });
        }

        return probes;
    }

    private static Func<object?> Populated(List<(MountedHierarchy Hierarchy, CgroupPath Cgroup)> existing)
    {
        var unified = existing.FirstOrDefault(e => e.Hierarchy.IsUnified);
        if (unified.Hierarchy is not null)
        {
            return () => Field(unified.Hierarchy, unified.Cgroup, "cgroup.events", "populated") is { } v ? v != 0 : null;
        }

        var any = existing[0];
        return () =>
        {
            var tasks = new List<int>();
            CgroupTasks.Collect(any.Hierarchy, any.Cgroup, tasks, isTop: false);
            return tasks.Count > 0;
        };
    }

    private static Func<object?> Frozen(List<(MountedHierarchy Hierarchy, CgroupPath Cgroup)> existing)
    {
        var freezer = existing.FirstOrDefault(e => !e.Hierarchy.IsUnified && e.Hierarchy.Model.Controllers.Contains("freezer"));
        if (freezer.Hierarchy is not null)
        {
            return () => Read(freezer.Hierarchy, freezer.Cgroup, "freezer.state") is { } s ? s.Trim() == "FROZEN" : null;
        }

        var unified = existing.FirstOrDefault(e => e.Hierarchy.IsUnified);
        return unified.Hierarchy is null
            ? () => null
            : () => Field(unified.Hierarchy, unified.Cgroup, "cgroup.events", "frozen") is { } v ? v != 0 : null;
    }

    private static Func<object?> MemoryCount(List<(MountedHierarchy Hierarchy, CgroupPath Cgroup)> existing, string v2Field, string v1File, string? v1Field)
    {
        var memory = existing.FirstOrDefault(e => e.Hierarchy.Model.Controllers.Contains("memory"));
        if (memory.Hierarchy is null)
        {
            throw new CgException(CgErrorKind.NotSupported, "memory events need the memory controller on this cgroup");
        }

        if (memory.Hierarchy.IsUnified)
        {
            return () => Field(memory.Hierarchy, memory.Cgroup, "memory.events", v2Field);
        }

        return v1Field is null
            ? () => Read(memory.Hierarchy, memory.Cgroup, v1File) is { } s && ulong.TryParse(s.Trim(), CultureInfo.InvariantCulture, out ulong n) ? n : null
            : () => Field(memory.Hierarchy, memory.Cgroup, v1File, v1Field);
    }

    /// <summary>"key value" lines (cgroup.events, memory.events, memory.oom_control): the value of one key.</summary>
    private static ulong? Field(MountedHierarchy hierarchy, CgroupPath cgroup, string file, string key)
    {
        if (Read(hierarchy, cgroup, file) is not { } text)
        {
            return null;
        }

        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && parts[0] == key && ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out ulong value))
            {
                return value;
            }
        }

        return null;
    }

    private static string? Read(MountedHierarchy hierarchy, CgroupPath cgroup, string file)
    {
        try
        {
            return hierarchy.Root.ReadAllText(hierarchy.PathOf(cgroup, file));
        }
        catch (LinuxException e) when (e.Errno == Errno.ENOENT || e.Errno == Errno.ENODEV)
        {
            return null; // the cgroup went away; the watch reports nothing until it comes back (other failures are logged)
        }
    }

    /// <summary>
    /// Arms a PSI trigger on the cgroup's pressure file in the v2 hierarchy (PSI has no v1 form), after the same
    /// read check as Watch. The kernel keeps one trigger per open file, so each watch has its own.
    /// </summary>
    public PressureTrigger ArmPressureTrigger(Caller caller, string cgroup, PressureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(privileged: caller.Requestor.IsHostRoot);
        var unified = _context.Existing(caller, cgroup).Where(e => e.Hierarchy.IsUnified).ToList();
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
