using System.Globalization;
using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Folding;
using CgManager.Core.Hierarchies;
using CgManager.Core.Paths;
using CgManager.Linux;
using CgManager.Linux.Proc;
using static CgManager.Core.Operations.CgroupContext;

namespace CgManager.Core.Operations;

/// <summary>
/// The tasks of cgroups: moving one (compat MovePid and MovePidAbs; Manager1's MovePid and MoveTask with a pid already
/// translated or a pidfd) with the victim pinned throughout, and listing them (compat GetTasks and GetTasksRecursive,
/// Manager1's ListTasks across hierarchies).
/// </summary>
public sealed class TaskOperations
{
    private readonly CgroupContext _context;

    internal TaskOperations(CgroupContext context) => _context = context;

    /// <summary>MovePid: moves task v (its whole thread group, §11.5) into a cgroup below r's own. Spec §3.7.</summary>
    public void MovePid(Caller caller, string controller, string cgroup, int victimPid) =>
        Move(CgMethod.MovePid, caller, controller, cgroup, victimPid);

    /// <summary>
    /// MovePidAbs: as MovePid, but relative to p's cgroup — for plain calls the daemon's root, so a
    /// host user may place its own tasks anywhere whose cgroup.procs it can write (S-7, kept). Spec §3.8.
    /// </summary>
    public void MovePidAbs(Caller caller, string controller, string cgroup, int victimPid) =>
        Move(CgMethod.MovePidAbs, caller, controller, cgroup, victimPid);

    /// <summary>The modern interface's move: the pid was translated from the requestor's view (or came as a pidfd), into every hierarchy.</summary>
    public void MoveTranslated(Caller caller, string cgroup, int hostPid)
    {
        // Every hierarchy where the cgroup exists (a cgroup is one name across them here).
        string where = string.Join(',', _context.Existing(caller, cgroup).Select(e => e.Hierarchy.Model.Representative));
        Move(CgMethod.MovePid, caller, where, cgroup, hostPid, translated: true);
    }

    /// <summary>
    /// Manager1's MoveTask: the task the client's pidfd refers to, into every hierarchy where the cgroup exists.
    /// </summary>
    /// <remarks>
    /// cgroup.procs takes a number, not a pidfd, so the pid is read from the pidfd (fdinfo) and written.
    /// What is race-free: every check and every write uses the client's own pidfd to know the task is
    /// still alive, and the pidfd is checked again after the last write. A task alive after the write
    /// held its pid throughout (a pid is not reused before its task is reaped), so the pid written
    /// was that task's. What is not: if the task exits between the liveness check and the write and
    /// its pid is reused within that window (microseconds, and only after a full pid wrap-around),
    /// the write moves the new holder; the call then fails NoSuchProcess (the client learns it), but
    /// that process stays moved.
    /// </remarks>
    public void MoveTask(Caller caller, string cgroup, SafeFd pidfd)
    {
        int hostPid = new PidTranslator(_context.Facts.Proc).FromPidfd(pidfd);
        string where = string.Join(',', _context.Existing(caller, cgroup).Select(e => e.Hierarchy.Model.Representative));
        Move(CgMethod.MovePid, caller, where, cgroup, hostPid, translated: true, pidfd);
    }

    private void Move(CgMethod method, Caller caller, string controller, string cgroup, int victimPid, bool translated = false, SafeFd? givenPidfd = null)
    {
        if (!translated)
        {
            RequirePlainAllowed(method, caller);
        }

        var (hierarchies, isList) = _context.Select(controller, method);

        // Pin the victim: its status and cgroups are read while the pidfd holds it, and a victim that
        // died (its pid free for reuse) before the write is refused, never moved. A pidfd the client
        // gave is the pin itself: a new one opened by number could be another task's.
        using var ownPin = givenPidfd is null ? VictimPin.Open(victimPid) : null;
        var pidfd = givenPidfd ?? ownPin!;
        if (givenPidfd is not null)
        {
            // A pidfd opened here was opened on a living task a moment ago; the client's may be older.
            VictimPin.EnsureAlive(pidfd, victimPid);
        }

        // Host root may move any task it can see; only others need the victim's owner from /proc.
        uint victimUid = caller.Requestor.IsHostRoot ? 0 : _context.Facts.StatusOf(victimPid).RealUid;
        // Read while pinned, and only when a rule below needs it: every task is under a root base.
        IReadOnlyList<CgroupMembership>? victimCgroups = null;
        CgroupPath VictimCgroupIn(MountedHierarchy h) =>
            MembershipResolver.Find(victimCgroups ??= _context.Facts.CgroupsOf(victimPid), h.Model, victimPid);
        var victim = new VictimFacts(victimPid, victimUid,
            InRequestorPidNamespace: translated || caller.Style == CallStyle.Scm || caller.Requestor.Namespaces.SamePidNamespace);
        Allow(MovePolicy.MayMovePid(caller.Requestor, victim));

        var moved = new List<(MountedHierarchy Hierarchy, CgroupPath From)>();
        var outcomes = ForEach(method, hierarchies, isList, hierarchy =>
        {
            var proxy = method == CgMethod.MovePidAbs
                ? MovePolicy.MovePidAbsProxyCgroup(caller.Requestor, caller.Style, _context.ProxyCgroup(caller, hierarchy))
                : _context.ProxyCgroup(caller, hierarchy);
            var own = method == CgMethod.MovePidAbs ? RequestorCgroup(caller, hierarchy) : _context.AdjustedRequestorCgroup(caller, hierarchy);
            var resolved = CgroupResolver.Resolve(CgMethods.GroupOf(method), cgroup, own, proxy);
            if (!resolved.Base.IsRoot)
            {
                Allow(MovePolicy.VictimUnderBase(victimPid, VictimCgroupIn(hierarchy), resolved.Base));
            }

            var dir = RequireCgroup(hierarchy, resolved.Target);
            string what = $"{hierarchy.Name}:{resolved.Target}";
            Allow(FileAccessPolicy.MayAccess(caller.Requestor, dir, AccessMode.Read, what));
            string procs = hierarchy.PathOf(resolved.Target, "cgroup.procs");
            if (!caller.Requestor.IsHostRoot)
            {
                // Host root may write any file that exists, and an existing cgroup has cgroup.procs.
                Allow(FileAccessPolicy.MayAccess(caller.Requestor, hierarchy.Facts(procs), AccessMode.Write, what + "/cgroup.procs"));
            }

            if (hierarchy.IsUnified)
            {
                if (!caller.Requestor.IsHostRoot)
                {
                    RequireCommonAncestorWritable(caller, hierarchy, VictimCgroupIn(hierarchy), resolved.Target);
                }
                procs = hierarchy.PathOf(LeafCgroups.Ensure(hierarchy, resolved.Target), "cgroup.procs");
            }

            var from = MembershipResolver.FindExact(victimCgroups ??= _context.Facts.CgroupsOf(victimPid), hierarchy.Model, victimPid);
            VictimPin.EnsureAlive(pidfd, victimPid);
            KernelErrors.Do($"moving {victimPid} to {what}", () =>
                hierarchy.Root.WriteText(procs, victimPid.ToString(CultureInfo.InvariantCulture)));
            moved.Add((hierarchy, from));
            return true;
        });
        try
        {
            MultiControllerFold.Unit(method, isList, outcomes);
        }
        catch (CgException e) when (moved.Count > 0)
        {
            throw UndoMoves(pidfd, victimPid, moved, e);
        }

        VictimPin.EnsureAlive(pidfd, victimPid); // alive after the writes: the pid written was this task's all along
    }

    /// <summary>
    /// A move that failed in one hierarchy after it moved the task in others (MovePid with "all"):
    /// the task goes back where it was in those; the original failure is reported, with what could
    /// not be put back.
    /// </summary>
    private static CgException UndoMoves(SafeFd pidfd, int pid, List<(MountedHierarchy Hierarchy, CgroupPath From)> moved, CgException failure)
    {
        var stuck = new List<string>();
        foreach (var (hierarchy, from) in moved)
        {
            try
            {
                VictimPin.EnsureAlive(pidfd, pid);
                hierarchy.Root.WriteText(hierarchy.PathOf(from, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is LinuxException or CgException)
            {
                stuck.Add($"{hierarchy.Name}:{from} ({e.Message})");
            }
        }

        return stuck.Count == 0
            ? failure
            : new CgException(failure.Kind, $"{failure.Message}; the task could not be moved back in {string.Join(", ", stuck)} and stays moved there");
    }

    /// <summary>
    /// cgroup v2's delegation rule, which the kernel applies to unprivileged writers but not to the
    /// daemon: a move needs write access to cgroup.procs of the common ancestor of source and target.
    /// Host root is not held to it, as the kernel does not hold root to it.
    /// </summary>
    private static void RequireCommonAncestorWritable(Caller caller, MountedHierarchy hierarchy, CgroupPath source, CgroupPath target)
    {
        var common = CgroupPath.Root;
        foreach (var (a, b) in source.Components.Zip(target.Components))
        {
            if (a != b)
            {
                break;
            }

            common = common.Append(a);
        }

        string procs = hierarchy.PathOf(common, "cgroup.procs");
        Allow(FileAccessPolicy.MayAccess(caller.Requestor, hierarchy.Facts(procs), AccessMode.Write,
            $"{hierarchy.Name}:{common}/cgroup.procs (the common ancestor of {source} and {target})"));
    }

    /// <summary>GetTasks: the sorted, unique task ids of one cgroup (thread ids on v1, as the reference). Spec §3.12.</summary>
    public IReadOnlyList<int> GetTasks(Caller caller, string controller, string cgroup)
    {
        RequirePlainAllowed(CgMethod.GetTasks, caller);
        var hierarchy = _context.SelectOne(controller, CgMethod.GetTasks);
        var target = _context.ResolveReadable(caller, hierarchy, CgMethod.GetTasks, cgroup);
        return CgroupTasks.Read(hierarchy, target).Distinct().Order().ToArray();
    }

    /// <summary>GetTasksRecursive: GetTasks over the cgroup and every descendant, over every selected hierarchy. Spec §3.13.</summary>
    public IReadOnlyList<int> GetTasksRecursive(Caller caller, string controller, string cgroup)
    {
        RequirePlainAllowed(CgMethod.GetTasksRecursive, caller);
        var (hierarchies, isList) = _context.Select(controller, CgMethod.GetTasksRecursive);
        var outcomes = ForEach(CgMethod.GetTasksRecursive, hierarchies, isList, hierarchy =>
        {
            var target = _context.ResolveReadable(caller, hierarchy, CgMethod.GetTasksRecursive, cgroup);
            var tasks = new List<int>();
            CgroupTasks.Collect(hierarchy, target, tasks, isTop: true);
            return (IReadOnlyList<int>)tasks;
        });
        return MultiControllerFold.GetTasksRecursive(isList, outcomes);
    }

    /// <summary>ListTasks across hierarchies: host pids, sorted and unique (the caller translates them for r).</summary>
    public IReadOnlyList<int> ListTasksAll(Caller caller, string cgroup, bool recursive)
    {
        var pids = new List<int>();
        foreach (var (hierarchy, target) in _context.Existing(caller, cgroup))
        {
            Allow(FileAccessPolicy.MayAccess(caller.Requestor, hierarchy.Facts(hierarchy.PathOf(target)), AccessMode.Read, $"{hierarchy.Name}:{target}"));
            if (recursive)
            {
                CgroupTasks.Collect(hierarchy, target, pids, isTop: true);
            }
            else
            {
                pids.AddRange(CgroupTasks.Read(hierarchy, target));
            }
        }

        return pids.Distinct().Order().ToArray();
    }
}
