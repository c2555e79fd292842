using System.Globalization;
using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Hierarchies;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

public sealed partial class CgroupService
{
    /// <summary>GetPidCgroup: v's cgroup relative to r's, without a leading slash ("/" if equal). Spec §3.3.</summary>
    public string GetPidCgroup(Caller caller, string controller, int victimPid)
    {
        RequirePlainAllowed(CgMethod.GetPidCgroup, caller);
        var hierarchy = SelectOne(controller, CgMethod.GetPidCgroup);
        var victim = MembershipResolver.Find(_facts.CgroupsOf(victimPid), hierarchy.Model, victimPid);
        return PidCgroupFormatter.Relative(victim, RequestorCgroup(caller, hierarchy));
    }

    /// <summary>
    /// GetPidCgroupAbs: v's cgroup relative to p's, with a leading slash (spec §3.4). For plain calls p is the
    /// daemon, so the base is its root; for Scm calls it is the proxy's cgroup, whoever r is: unlike MovePidAbs
    /// (where host root may escape, S-7) r plays no part, so a proxy in <c>/c1</c> answers <c>/x</c> for a task in
    /// <c>/c1/x</c> as 0.42's cgproxy did.
    /// </summary>
    public string GetPidCgroupAbs(Caller caller, string controller, int victimPid)
    {
        RequirePlainAllowed(CgMethod.GetPidCgroupAbs, caller);
        var hierarchy = SelectOne(controller, CgMethod.GetPidCgroupAbs);
        var victim = MembershipResolver.Find(_facts.CgroupsOf(victimPid), hierarchy.Model, victimPid);
        var proxyBase = caller.Style == CallStyle.Plain ? CgroupPath.Root : ProxyCgroup(caller, hierarchy);
        return PidCgroupFormatter.Absolute(victim, proxyBase);
    }

    /// <summary>GetTasks: the sorted, unique task ids of one cgroup (thread ids on v1, as the reference). Spec §3.12.</summary>
    public IReadOnlyList<int> GetTasks(Caller caller, string controller, string cgroup)
    {
        RequirePlainAllowed(CgMethod.GetTasks, caller);
        var hierarchy = SelectOne(controller, CgMethod.GetTasks);
        var target = ResolveReadable(caller, hierarchy, CgMethod.GetTasks, cgroup);
        return ReadTasks(hierarchy, target).Distinct().Order().ToArray();
    }

    /// <summary>GetTasksRecursive: GetTasks over the cgroup and every descendant, over every selected hierarchy. Spec §3.13.</summary>
    public IReadOnlyList<int> GetTasksRecursive(Caller caller, string controller, string cgroup)
    {
        RequirePlainAllowed(CgMethod.GetTasksRecursive, caller);
        var (hierarchies, isList) = Select(controller, CgMethod.GetTasksRecursive);
        var outcomes = ForEach(CgMethod.GetTasksRecursive, hierarchies, isList, hierarchy =>
        {
            var target = ResolveReadable(caller, hierarchy, CgMethod.GetTasksRecursive, cgroup);
            var tasks = new List<int>();
            CollectTasks(hierarchy, target, tasks, isTop: true);
            return (IReadOnlyList<int>)tasks;
        });
        return Folding.MultiControllerFold.GetTasksRecursive(isList, outcomes);
    }

    /// <summary>ListChildren: names of the child cgroups, in directory order. Spec §3.14.</summary>
    public IReadOnlyList<string> ListChildren(Caller caller, string controller, string cgroup)
    {
        var hierarchy = SelectOne(controller, CgMethod.ListChildren);
        var target = ResolveReadable(caller, hierarchy, CgMethod.ListChildren, cgroup);
        return Children(hierarchy, target);
    }

    /// <summary>Resolves a lookup-group argument, requires the cgroup to exist and r to read it.</summary>
    private CgroupPath ResolveReadable(Caller caller, MountedHierarchy hierarchy, CgMethod method, string cgroup)
    {
        var resolved = CgroupResolver.Resolve(CgMethods.GroupOf(method), cgroup, RequestorCgroup(caller, hierarchy), ProxyCgroup(caller, hierarchy));
        var facts = RequireCgroup(hierarchy, resolved.Target);
        Allow(FileAccessPolicy.MayAccess(caller.Requestor, facts, AccessMode.Read, $"{hierarchy.Name}:{resolved.Target}"));
        return resolved.Target;
    }

    /// <summary>
    /// The child cgroups a listing shows: every directory but, on cgroup v2, the daemon's hidden leaf
    /// (on v1 the daemon makes none, so a <c>.cgm_leaf</c> there is an ordinary cgroup and shown).
    /// </summary>
    private static string[] Children(MountedHierarchy hierarchy, CgroupPath cgroup) =>
        KernelErrors.Do($"{hierarchy.Name}:{cgroup}", () => hierarchy.Root.ListEntries(hierarchy.PathOf(cgroup))
            .Where(e => e.Type == FileType.Directory && !(hierarchy.IsUnified && e.Name == MembershipResolver.LeafName))
            .Select(e => e.Name)
            .ToArray());

    /// <summary>
    /// Every child directory, the leaf included: what walks over tasks (listings, kills, forced
    /// deletes) and removals use, so that no directory, hidden or not, can keep a task out of them.
    /// </summary>
    internal static string[] AllSubdirectories(MountedHierarchy hierarchy, CgroupPath cgroup) =>
        KernelErrors.Do($"{hierarchy.Name}:{cgroup}", () => hierarchy.Root.ListEntries(hierarchy.PathOf(cgroup))
            .Where(e => e.Type == FileType.Directory)
            .Select(e => e.Name)
            .ToArray());

    /// <summary>The task file of a cgroup: v1 lists threads in <c>tasks</c>; v2 processes in <c>cgroup.procs</c>.</summary>
    private static string TaskFile(MountedHierarchy hierarchy) => hierarchy.IsUnified ? "cgroup.procs" : "tasks";

    private static List<int> ReadTasks(MountedHierarchy hierarchy, CgroupPath cgroup)
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

    internal static List<int> ParsePids(string text)
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

    /// <summary>
    /// Depth-first over every subdirectory (the v2 leaf too, as a directory of its own); descendants
    /// that vanish or cannot be read are skipped, the top must be readable.
    /// </summary>
    private static void CollectTasks(MountedHierarchy hierarchy, CgroupPath cgroup, List<int> tasks, bool isTop) =>
        Collect(hierarchy, cgroup, TaskFile(hierarchy), tasks, isTop);

    /// <summary>As <see cref="CollectTasks"/>, but processes (thread-group ids, from cgroup.procs) on every version: what signals go to.</summary>
    private static void CollectProcesses(MountedHierarchy hierarchy, CgroupPath cgroup, List<int> processes, bool isTop) =>
        Collect(hierarchy, cgroup, "cgroup.procs", processes, isTop);

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
