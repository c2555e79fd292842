using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Folding;
using CgManager.Core.Paths;
using static CgManager.Core.Operations.CgroupContext;

namespace CgManager.Core.Operations;

/// <summary>
/// Ownership and mode of cgroups: compat Chown and Chmod, and Manager1's Chown with ids already translated to host ids.
/// A cgroup given away keeps its limit files root's, and on v2 carries the kernel-enforced quotas.
/// </summary>
public sealed class OwnerOperations
{
    private readonly CgroupContext _context;

    internal OwnerOperations(CgroupContext context) => _context = context;

    /// <summary>
    /// Chown: gives r's cgroup (or one below) to uid:gid — the directory plus the delegation files
    /// (v1 tasks and cgroup.procs; v2 those of /sys/kernel/cgroup/delegate). Limit files stay where
    /// they are, which keeps hierarchical limits intact. Spec §3.6 with §11.3.
    /// </summary>
    public void Chown(Caller caller, string controller, string cgroup, uint uid, uint gid) =>
        Chown(caller, controller, cgroup, uid, gid, caller.Style == CallStyle.Plain ? IdOrigin.HostIntegers : IdOrigin.Translated);

    /// <summary>Chown with ids that are host ids by translation (Manager1 maps them out of the requestor's namespace).</summary>
    public void ChownTranslated(Caller caller, string controller, string cgroup, uint hostUid, uint hostGid) =>
        Chown(caller, controller, cgroup, hostUid, hostGid, IdOrigin.Translated);

    private void Chown(Caller caller, string controller, string cgroup, uint uid, uint gid, IdOrigin origin)
    {
        Allow(OwnershipPolicy.MayChown(caller.Requestor, origin, uid, gid));
        var (hierarchies, isList) = _context.Select(controller, CgMethod.Chown);
        var outcomes = ForEach(CgMethod.Chown, hierarchies, isList, hierarchy =>
        {
            var target = ResolveOwned(caller, hierarchy, CgMethod.Chown, cgroup);
            string dir = hierarchy.PathOf(target);
            KernelErrors.Do($"chown {hierarchy.Name}:{target}", () => hierarchy.Root.Chown(dir, uid, gid));
            foreach (var file in DelegationFiles(hierarchy))
            {
                string path = hierarchy.PathOf(target, file);
                if (hierarchy.Root.TryStat(path) is not null)
                {
                    KernelErrors.Do($"chown {hierarchy.Label(target, file)}", () => hierarchy.Root.Chown(path, uid, gid));
                }
            }

            if (hierarchy.IsUnified)
            {
                LimitDelegation(hierarchy, target);
            }

            return true;
        });
        MultiControllerFold.Unit(CgMethod.Chown, isList, outcomes);
    }

    /// <summary>The files besides the directory that a delegatee gets (v1: tasks, cgroup.procs; v2: /sys/kernel/cgroup/delegate).</summary>
    internal IReadOnlyList<string> DelegationFiles(MountedHierarchy hierarchy) =>
        hierarchy.IsUnified ? _context.Options.V2DelegateFiles : _context.Options.V1DelegateFiles;

    /// <summary>On v2 the kernel itself enforces the quotas in a delegated subtree, even for writes that bypass the daemon.</summary>
    internal void LimitDelegation(MountedHierarchy hierarchy, CgroupPath target)
    {
        var options = _context.Options;
        if (options.QuotaCgroups > 0)
        {
            KernelErrors.Do($"limiting {hierarchy.Name}:{target}", () => hierarchy.Root.WriteText(hierarchy.PathOf(target, "cgroup.max.descendants"), $"{options.QuotaCgroups}\n"));
        }

        if (options.QuotaDepth > 0)
        {
            KernelErrors.Do($"limiting {hierarchy.Name}:{target}", () => hierarchy.Root.WriteText(hierarchy.PathOf(target, "cgroup.max.depth"), $"{options.QuotaDepth}\n"));
        }
    }

    /// <summary>Chmod: the mode of the cgroup directory ("" file) or of one file in it. Spec §3.x, §5.1.</summary>
    public void Chmod(Caller caller, string controller, string cgroup, string file, int mode)
    {
        KeyRules.ValidateChmodFile(file);
        KeyRules.ValidateChmodMode(mode);
        var (hierarchies, isList) = _context.Select(controller, CgMethod.Chmod);
        var outcomes = ForEach(CgMethod.Chmod, hierarchies, isList, hierarchy =>
        {
            var target = ResolveOwned(caller, hierarchy, CgMethod.Chmod, cgroup, checkDirectory: file.Length == 0);
            string path = file.Length == 0 ? hierarchy.PathOf(target) : hierarchy.PathOf(target, file);
            string what = file.Length == 0 ? $"{hierarchy.Name}:{target}" : hierarchy.Label(target, file);
            var facts = hierarchy.Facts(path) ?? throw new CgException(
                file.Length == 0 ? CgErrorKind.NoSuchCgroup : CgErrorKind.InvalidKey, $"{what} does not exist");
            Allow(OwnershipPolicy.MayChangeOwnerOrMode(caller.Requestor, facts, what));
            KernelErrors.Do($"chmod {what}", () => hierarchy.Root.Chmod(path, (uint)mode));
            return true;
        });
        MultiControllerFold.Unit(CgMethod.Chmod, isList, outcomes);
    }

    /// <summary>Owner-group resolution: the cgroup must exist and (unless a file in it is the target) r must read and write it.</summary>
    private static CgroupPath ResolveOwned(Caller caller, MountedHierarchy hierarchy, CgMethod method, string cgroup, bool checkDirectory = true)
    {
        var own = RequestorCgroup(caller, hierarchy);
        var resolved = CgroupResolver.Resolve(CgMethods.GroupOf(method), cgroup, own, PeerCgroup(caller, hierarchy));
        var facts = RequireCgroup(hierarchy, resolved.Target);
        if (checkDirectory)
        {
            Allow(OwnershipPolicy.MayChangeOwnerOrMode(caller.Requestor, facts, $"{hierarchy.Name}:{resolved.Target}"));
        }

        return resolved.Target;
    }
}
