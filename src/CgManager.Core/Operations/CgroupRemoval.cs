using CgManager.Core.Errors;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>
/// The one way a cgroup directory goes, for every operation that removes one (Remove, Delete, Prune, the
/// remove-on-empty watcher): on v2 its hidden leaf first (see <see cref="LeafCgroups"/>), then the directory;
/// or, for a subtree, every subdirectory depth-first.
/// </summary>
internal static class CgroupRemoval
{
    /// <summary>Removes one cgroup with its leaf; the kernel's refusal (EBUSY with tasks or children, ENOENT) is thrown as is.</summary>
    public static void RemoveOne(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        if (hierarchy.IsUnified)
        {
            LeafCgroups.RemoveIfPresent(hierarchy, cgroup);
        }

        hierarchy.Root.RemoveDirectory(hierarchy.PathOf(cgroup));
    }

    /// <summary>A request's removal: the subtree when <paramref name="recursive"/>, else the cgroup alone; failures as CgExceptions.</summary>
    public static void Remove(MountedHierarchy hierarchy, CgroupPath cgroup, bool recursive)
    {
        if (recursive)
        {
            RemoveTree(hierarchy, cgroup);
        }
        else
        {
            KernelErrors.Do($"removing {hierarchy.Name}:{cgroup}", () => RemoveOne(hierarchy, cgroup));
        }
    }

    /// <summary>Depth-first removal; goes on past failures so that as much as possible goes, then reports the first.</summary>
    private static void RemoveTree(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        CgException? first = null;
        // Every subdirectory, hidden or not (a v2 cgroup's leaf goes with it as one of them).
        foreach (var child in CgroupTasks.AllSubdirectories(hierarchy, cgroup))
        {
            try
            {
                RemoveTree(hierarchy, cgroup.Append(child));
            }
            catch (CgException e)
            {
                first ??= e;
            }
        }

        try
        {
            hierarchy.Root.RemoveDirectory(hierarchy.PathOf(cgroup));
        }
        catch (LinuxException e) when (e.Errno != Errno.ENOENT)
        {
            first ??= KernelErrors.ToCgException(e, $"removing {hierarchy.Name}:{cgroup}");
        }

        if (first is not null)
        {
            throw first;
        }
    }
}
