using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Folding;
using CgManager.Core.Paths;
using CgManager.Linux;
using static CgManager.Core.Operations.CgroupContext;

namespace CgManager.Core.Operations;

/// <summary>
/// Removing cgroups below the requestor's own, compat's three ways: Remove now, RemoveOnEmpty once the cgroup is
/// empty (by the daemon's <see cref="RemoveOnEmptyWatcher"/>), and Prune of a subtree (now what can go, later the rest).
/// </summary>
public sealed class RemoveOperations
{
    private readonly CgroupContext _context;
    private readonly RemoveOnEmptyWatcher _watcher;

    internal RemoveOperations(CgroupContext context, RemoveOnEmptyWatcher watcher)
    {
        _context = context;
        _watcher = watcher;
    }

    /// <summary>
    /// Remove: deletes a cgroup below r's own (recursively: its descendants first; the kernel
    /// refuses any that still has tasks). Removed if it existed and was removed, Absent if it did not exist.
    /// Spec §3.11 with §11.4 (correct multi-controller existed; r's own cgroup is refused up front).
    /// </summary>
    public RemoveOutcome Remove(Caller caller, string controller, string cgroup, bool recursive)
    {
        var (hierarchies, isList) = _context.Select(controller, CgMethod.Remove);
        var outcomes = ForEach(CgMethod.Remove, hierarchies, isList, hierarchy =>
        {
            var own = RequestorCgroup(caller, hierarchy);
            var target = CgroupResolver.Resolve(MethodGroup.Removal, cgroup, own, PeerCgroup(caller, hierarchy)).Target;
            if (hierarchy.Facts(hierarchy.PathOf(target)) is null)
            {
                return false;
            }

            Allow(RemovePolicy.MayRemove(caller.Requestor, target, own, hierarchy.Facts(hierarchy.PathOf(target.Parent))));
            CgroupRemoval.Remove(hierarchy, target, recursive);
            return true;
        });
        return MultiControllerFold.Remove(isList, outcomes);
    }

    /// <summary>RemoveOnEmpty: the cgroup goes once it has no tasks and no children. Spec §3.15.</summary>
    public void RemoveOnEmpty(Caller caller, string controller, string cgroup)
    {
        var (hierarchies, isList) = _context.Select(controller, CgMethod.RemoveOnEmpty);
        var outcomes = ForEach(CgMethod.RemoveOnEmpty, hierarchies, isList, hierarchy =>
        {
            var target = ResolveExistingRemoval(caller, hierarchy, cgroup);
            // Our own watcher serves every hierarchy, so premounted ones need no release agent of ours.
            Allow(RemovePolicy.MayMarkForRemoval(caller.Requestor, target, hierarchy.Facts(hierarchy.PathOf(target))));
            _watcher.Mark(hierarchy, target, caller.Requestor.Uid);
            return true;
        });
        MultiControllerFold.Unit(CgMethod.RemoveOnEmpty, isList, outcomes);
    }

    /// <summary>Prune: removes every empty cgroup of the subtree now and marks the busy ones for removal. Spec §3.16.</summary>
    public void Prune(Caller caller, string controller, string cgroup)
    {
        var (hierarchies, isList) = _context.Select(controller, CgMethod.Prune);
        var outcomes = ForEach(CgMethod.Prune, hierarchies, isList, hierarchy =>
        {
            var target = ResolveExistingRemoval(caller, hierarchy, cgroup);
            Allow(RemovePolicy.MayPrune(caller.Requestor, target, hierarchy.Facts(hierarchy.PathOf(target))));
            PruneTree(hierarchy, target, RequestorCgroup(caller, hierarchy), caller.Requestor.Uid);
            return true;
        });
        MultiControllerFold.Unit(CgMethod.Prune, isList, outcomes);
    }

    private static CgroupPath ResolveExistingRemoval(Caller caller, MountedHierarchy hierarchy, string cgroup)
    {
        var target = CgroupResolver.Resolve(MethodGroup.Removal, cgroup, RequestorCgroup(caller, hierarchy), PeerCgroup(caller, hierarchy)).Target;
        RequireCgroup(hierarchy, target);
        return target;
    }

    private void PruneTree(MountedHierarchy hierarchy, CgroupPath cgroup, CgroupPath own, uint owner)
    {
        foreach (var child in CgroupTasks.Children(hierarchy, cgroup))
        {
            PruneTree(hierarchy, cgroup.Append(child), own, owner);
        }

        if (own.IsBeneathOrEqual(cgroup))
        {
            return; // never the cgroup the requestor itself sits in, nor its ancestors
        }

        try
        {
            CgroupRemoval.RemoveOne(hierarchy, cgroup);
        }
        catch (LinuxException)
        {
            _watcher.Mark(hierarchy, cgroup, owner);
        }
    }
}
