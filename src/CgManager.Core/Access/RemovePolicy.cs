using CgManager.Core.Errors;
using CgManager.Core.Paths;

namespace CgManager.Core.Access;

/// <summary>Remove, RemoveOnEmpty and Prune checks (spec §3.11, §3.15, §3.16).</summary>
public static class RemovePolicy
{
    /// <summary>
    /// Remove needs write on the target's parent. Beyond the reference, removing the cgroup r sits in, or one
    /// above it, is refused up front as busy: the reference deleted every descendant of <c>Remove(c, "", 1)</c>
    /// and then failed with EBUSY (§3.11.7).
    /// </summary>
    /// <param name="requestor">r.</param>
    /// <param name="target">The resolved cgroup.</param>
    /// <param name="requestorCgroup">r's cgroup in this hierarchy.</param>
    /// <param name="parent">stat of the target's parent.</param>
    public static Decision MayRemove(Requestor requestor, CgroupPath target, CgroupPath requestorCgroup, FileFacts? parent)
    {
        if (requestorCgroup.IsBeneathOrEqual(target))
        {
            return Decision.Deny(CgErrorKind.Busy, $"cannot remove {target}: the requestor's own cgroup {requestorCgroup} is inside it");
        }

        return FileAccessPolicy.MayAccess(requestor, parent, AccessMode.Write, target.Parent.ToString());
    }

    /// <summary>
    /// RemoveOnEmpty needs write on the cgroup itself. 0.42 also needed <c>--allow-autoremove-premounted</c> on
    /// hierarchies it had not mounted, because it relied on a release agent it would not install there; our
    /// removal is served by the daemon's own watcher on every hierarchy, so there is nothing to allow (the option
    /// is gone).
    /// </summary>
    /// <param name="requestor">r.</param>
    /// <param name="target">The resolved cgroup.</param>
    /// <param name="directory">stat of the target.</param>
    public static Decision MayMarkForRemoval(Requestor requestor, CgroupPath target, FileFacts? directory) =>
        FileAccessPolicy.MayAccess(requestor, directory, AccessMode.Write, target.ToString());

    /// <summary>Prune needs write on the cgroup itself; it may mark for later removal what it cannot remove now.</summary>
    public static Decision MayPrune(Requestor requestor, CgroupPath target, FileFacts? directory) =>
        FileAccessPolicy.MayAccess(requestor, directory, AccessMode.Write, target.ToString());
}
