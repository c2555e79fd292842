using CgManager.Core.Hierarchies;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>
/// The v1 meaning of "tasks in a cgroup" on cgroup v2, as 0.42 kept it: tasks moved into a cgroup
/// live in its hidden leaf child <c>.cgm_leaf</c>, so the cgroup itself stays free of processes
/// and may hand controllers to children (v2's "no internal processes" rule). Listings hide the
/// leaf, GetPidCgroup reports its parent, GetTasks includes it, Remove takes it first.
/// </summary>
internal static class LeafCgroups
{
    public const string Name = MembershipResolver.LeafName;

    public static CgroupPath Of(CgroupPath cgroup) => cgroup.Append(Name);

    /// <summary>The leaf of <paramref name="cgroup"/>, made if missing with its parent's owner and mode on the directory and on each file both have.</summary>
    public static CgroupPath Ensure(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        var leaf = Of(cgroup);
        string leafPath = hierarchy.PathOf(leaf);
        if (hierarchy.Root.TryStat(leafPath) is not null)
        {
            return leaf;
        }

        var parent = KernelErrors.Do($"stat {hierarchy.Name}:{cgroup}", () => hierarchy.Root.Stat(hierarchy.PathOf(cgroup)));
        if (!KernelErrors.Do($"mkdir {hierarchy.Name}:{leaf}", () => hierarchy.Root.TryCreateDirectory(leafPath, parent.Permissions)))
        {
            return leaf;
        }

        KernelErrors.Do($"chown {hierarchy.Name}:{leaf}", () =>
        {
            hierarchy.Root.Chown(leafPath, parent.Uid, parent.Gid);
            hierarchy.Root.Chmod(leafPath, parent.Permissions);
            foreach (var entry in hierarchy.Root.ListEntries(leafPath))
            {
                if (entry.Type == FileType.Regular && hierarchy.Root.TryStat(hierarchy.PathOf(cgroup, entry.Name)) is { } twin)
                {
                    hierarchy.Root.Chown(hierarchy.PathOf(leaf, entry.Name), twin.Uid, twin.Gid);
                    hierarchy.Root.Chmod(hierarchy.PathOf(leaf, entry.Name), twin.Permissions);
                }
            }
        });
        return leaf;
    }

    /// <summary>Removes the leaf if there is one (EBUSY while it has tasks).</summary>
    public static void RemoveIfPresent(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        string leafPath = hierarchy.PathOf(Of(cgroup));
        if (hierarchy.Root.TryStat(leafPath) is not null)
        {
            hierarchy.Root.RemoveDirectory(leafPath);
        }
    }
}
