using CgManager.Core.Paths;

namespace CgManager.Core.Access;

/// <summary>Create's checks (spec §3.5, §5.1, §11.4).</summary>
public static class CreatePolicy
{
    /// <summary>
    /// <c>--max-depth N</c> applies to the path being created: its depth from the hierarchy root (as the
    /// daemon sees it) may not exceed N.
    /// </summary>
    public static Decision CheckDepth(CgroupPath target, int maxDepth) =>
        target.Depth <= maxDepth
            ? Decision.Allow
            : Decision.DenyPermission($"cgroup {target} would be at depth {target.Depth}; the limit (--max-depth) is {maxDepth}");

    /// <summary>
    /// One step of the component walk: an existing component needs read on itself; a new one needs read and
    /// write on its parent.
    /// </summary>
    /// <param name="requestor">r.</param>
    /// <param name="component">The cgroup of this step (its parent is the previous step).</param>
    /// <param name="existing">stat of the component if it exists as a directory, otherwise null.</param>
    /// <param name="parent">stat of its parent.</param>
    public static Decision MayCreateStep(Requestor requestor, CgroupPath component, FileFacts? existing, FileFacts? parent) =>
        existing is not null
            ? FileAccessPolicy.MayAccess(requestor, existing, AccessMode.Read, component.ToString())
            : FileAccessPolicy.MayAccess(requestor, parent, AccessMode.ReadWrite, component.Parent.ToString());
}
