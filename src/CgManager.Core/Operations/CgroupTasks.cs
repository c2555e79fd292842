using System.Globalization;
using CgManager.Core.Errors;
using CgManager.Core.Hierarchies;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>
/// Reading a cgroup's children and tasks as every family sees them: on v2 the daemon's hidden leaf is
/// folded into its parent, and walks over tasks go through every directory so that none can hide a task.
/// </summary>
internal static class CgroupTasks
{
    /// <summary>
    /// The child cgroups a listing shows: every directory but, on cgroup v2, the daemon's hidden leaf
    /// (on v1 the daemon makes none, so a <c>.cgm_leaf</c> there is an ordinary cgroup and shown).
    /// </summary>
    public static string[] Children(MountedHierarchy hierarchy, CgroupPath cgroup) =>
        KernelErrors.Do($"{hierarchy.Name}:{cgroup}", () => hierarchy.Root.ListEntries(hierarchy.PathOf(cgroup))
            .Where(e => e.Type == FileType.Directory && !(hierarchy.IsUnified && e.Name == MembershipResolver.LeafName))
            .Select(e => e.Name)
            .ToArray());

    /// <summary>
    /// Every child directory, the leaf included: what walks over tasks (listings, kills, forced
    /// deletes) and removals use, so that no directory, hidden or not, can keep a task out of them.
    /// </summary>
    public static string[] AllSubdirectories(MountedHierarchy hierarchy, CgroupPath cgroup) =>
        KernelErrors.Do($"{hierarchy.Name}:{cgroup}", () => hierarchy.Root.ListEntries(hierarchy.PathOf(cgroup))
            .Where(e => e.Type == FileType.Directory)
            .Select(e => e.Name)
            .ToArray());

    /// <summary>The tasks of one cgroup (its v2 leaf's included), as the kernel lists them.</summary>
    public static List<int> Read(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        string text = KernelErrors.Do($"{hierarchy.Name}:{cgroup}", () => hierarchy.Root.ReadAllText(hierarchy.PathOf(cgroup, TaskFile(hierarchy))));
        var pids = ParsePids(text);
        if (hierarchy.IsUnified && hierarchy.Root.TryStat(hierarchy.PathOf(LeafCgroups.Of(cgroup))) is not null)
        {
            // Tasks moved into a v2 cgroup live in its leaf; they are the cgroup's tasks.
            pids.AddRange(ParsePids(KernelErrors.Do($"{hierarchy.Name}:{cgroup}", () =>
                hierarchy.Root.ReadAllText(hierarchy.PathOf(LeafCgroups.Of(cgroup), "cgroup.procs")))));
        }

        return pids;
    }

    /// <summary>
    /// Depth-first over every subdirectory (the v2 leaf too, as a directory of its own); descendants
    /// that vanish or cannot be read are skipped, the top must be readable.
    /// </summary>
    public static void Collect(MountedHierarchy hierarchy, CgroupPath cgroup, List<int> tasks, bool isTop) =>
        Collect(hierarchy, cgroup, TaskFile(hierarchy), tasks, isTop);

    /// <summary>As <see cref="Collect(MountedHierarchy, CgroupPath, List{int}, bool)"/>, but processes (thread-group ids, from cgroup.procs) on every version: what signals go to.</summary>
    public static void CollectProcesses(MountedHierarchy hierarchy, CgroupPath cgroup, List<int> processes, bool isTop) =>
        Collect(hierarchy, cgroup, "cgroup.procs", processes, isTop);

    /// <summary>No task in the cgroup nor anywhere below it.</summary>
    public static bool IsEmpty(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        var tasks = new List<int>();
        Collect(hierarchy, cgroup, tasks, isTop: false);
        return tasks.Count == 0;
    }

    /// <summary>The task file of a cgroup: v1 lists threads in <c>tasks</c>; v2 processes in <c>cgroup.procs</c>.</summary>
    private static string TaskFile(MountedHierarchy hierarchy) => hierarchy.IsUnified ? "cgroup.procs" : "tasks";

    public static List<int> ParsePids(string text)
    {
        var pids = new List<int>();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.IsEmpty && int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    private static void Collect(MountedHierarchy hierarchy, CgroupPath cgroup, string file, List<int> ids, bool isTop)
    {
        try
        {
            ids.AddRange(ParsePids(KernelErrors.Do($"{hierarchy.Name}:{cgroup}", () => hierarchy.Root.ReadAllText(hierarchy.PathOf(cgroup, file)))));
            foreach (var child in AllSubdirectories(hierarchy, cgroup))
            {
                Collect(hierarchy, cgroup.Append(child), file, ids, isTop: false);
            }
        }
        catch (CgException) when (!isTop)
        {
            // A child removed or made unreadable while we walk is not the caller's failure.
        }
    }
}
