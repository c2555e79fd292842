namespace CgManager.Core.Operations;

/// <summary>How <see cref="HierarchyMounter"/> gets its handle on each hierarchy.</summary>
public enum HierarchyMounts
{
    /// <summary>
    /// The daemon's own detached mount of each hierarchy (fsopen/fsmount), falling back to the host's
    /// mount point where the kernel refuses it.
    /// </summary>
    Detached,

    /// <summary>
    /// The mount points mountinfo names, opened as they are; nothing is mounted. What the fallback does,
    /// chosen up front: for a tree that only looks like cgroupfs (unit tests), where mounting would be wrong.
    /// </summary>
    MountPoints,
}
