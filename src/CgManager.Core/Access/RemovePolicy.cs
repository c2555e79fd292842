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
    /// RemoveOnEmpty needs write on the cgroup itself, and on a hierarchy the daemon did not mount itself, the
    /// controller must be allowed by <c>--allow-autoremove-premounted</c> (a permission-class failure).
    /// </summary>
    /// <param name="requestor">r.</param>
    /// <param name="target">The resolved cgroup.</param>
    /// <param name="directory">stat of the target.</param>
    /// <param name="autoremoveAllowed">True if the hierarchy was mounted by the daemon, or the option covers it.</param>
    public static Decision MayMarkForRemoval(Requestor requestor, CgroupPath target, FileFacts? directory, bool autoremoveAllowed)
    {
        if (!autoremoveAllowed)
        {
            return Decision.DenyPermission(
                $"cannot mark {target} for removal: the hierarchy was mounted before the daemon started and --allow-autoremove-premounted does not cover it");
        }

        return FileAccessPolicy.MayAccess(requestor, directory, AccessMode.Write, target.ToString());
    }

    /// <summary>
    /// Prune needs write on the cgroup itself. Whether it may also mark cgroups for later removal is
    /// <c>autoremoveAllowed</c> of <see cref="MayMarkForRemoval"/>; without it Prune only removes what is empty.
    /// </summary>
    public static Decision MayPrune(Requestor requestor, CgroupPath target, FileFacts? directory) =>
        FileAccessPolicy.MayAccess(requestor, directory, AccessMode.Write, target.ToString());
}
