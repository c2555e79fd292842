using System.Diagnostics;
using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

public sealed partial class CgroupService
{
    /// <summary>How long Freeze, Thaw and a forced Delete wait for the kernel to reach the state.</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The hierarchies where the cgroup exists, with its path in each.</summary>
    private List<(MountedHierarchy Hierarchy, CgroupPath Cgroup)> Existing(Caller caller, string cgroup)
    {
        var found = new List<(MountedHierarchy, CgroupPath)>();
        foreach (var mounted in _mounted.Values)
        {
            var target = ResolveModern(caller, mounted, cgroup);
            if (mounted.Facts(mounted.PathOf(target)) is { } facts && (facts.Mode & 0xF000) == 0x4000)
            {
                found.Add((mounted, target));
            }
        }

        return found.Count > 0 ? found : throw new CgException(CgErrorKind.NoSuchCgroup, $"{cgroup} does not exist in any hierarchy");
    }

    /// <summary>Freeze: stops every task of the subtree (v2 cgroup.freeze, v1 freezer.state) and waits until the kernel says frozen.</summary>
    public void Freeze(Caller caller, string cgroup) => SetFrozen(caller, cgroup, frozen: true);

    public void Thaw(Caller caller, string cgroup) => SetFrozen(caller, cgroup, frozen: false);

    private void SetFrozen(Caller caller, string cgroup, bool frozen)
    {
        bool any = false;
        // One freezer only: a task in v1's refrigerator never reports frozen to v2, so on a hybrid
        // host with a v1 freezer hierarchy that one is used, and cgroup v2's elsewhere.
        var existing = Existing(caller, cgroup);
        bool useV1 = existing.Any(e => !e.Hierarchy.IsUnified && e.Hierarchy.Model.Controllers.Contains("freezer"));
        foreach (var (hierarchy, target) in existing.Where(e => e.Hierarchy.IsUnified != useV1))
        {
            string? file = hierarchy.IsUnified ? "cgroup.freeze" : hierarchy.Model.Controllers.Contains("freezer") ? "freezer.state" : null;
            if (file is null || hierarchy.Facts(hierarchy.PathOf(target, file)) is not { } facts)
            {
                continue;
            }

            any = true;
            var own = RequestorCgroup(caller, hierarchy);
            Allow(SetValuePolicy.MaySetValue(caller.Requestor, target, own, ProxyCgroup(caller, hierarchy)));
            Allow(FileAccessPolicy.MayAccess(caller.Requestor, facts, AccessMode.Write, hierarchy.Label(target, file)));
            string value = hierarchy.IsUnified ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED");
            KernelErrors.Do($"{(frozen ? "freezing" : "thawing")} {hierarchy.Name}:{target}", () => hierarchy.Root.WriteText(hierarchy.PathOf(target, file), value + "\n"));
            WaitFor(() => IsFrozen(hierarchy, target) == frozen, $"{hierarchy.Name}:{target} did not become {(frozen ? "frozen" : "thawed")}");
        }

        if (!any)
        {
            throw new CgException(CgErrorKind.NotSupported, $"{cgroup}: no freezer here (neither a v1 freezer hierarchy nor cgroup v2)");
        }
    }

    private static bool IsFrozen(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        if (hierarchy.IsUnified)
        {
            return hierarchy.Root.ReadAllText(hierarchy.PathOf(cgroup, "cgroup.events")).Contains("frozen 1", StringComparison.Ordinal);
        }

        return hierarchy.Root.ReadAllText(hierarchy.PathOf(cgroup, "freezer.state")).Trim() == "FROZEN";
    }

    /// <summary>
    /// Kill: a signal to every task of the subtree that r may signal (its own, or any as root of the
    /// user namespace they belong to). The subtree is frozen meanwhile where a freezer exists, so
    /// that no task escapes by forking.
    /// </summary>
    public int Kill(Caller caller, string cgroup, int signal)
    {
        if (signal is <= 0 or > 64)
        {
            throw new CgException(CgErrorKind.InvalidArgument, $"signal {signal} is not a signal number (1-64)");
        }

        var existing = Existing(caller, cgroup);
        bool canFreeze = existing.Any(e => e.Hierarchy.IsUnified || e.Hierarchy.Model.Controllers.Contains("freezer"));
        if (canFreeze)
        {
            try
            {
                SetFrozen(caller, cgroup, frozen: true);
            }
            catch (CgException)
            {
                canFreeze = false; // not r's to freeze (e.g. its own top cgroup): signal without holding forks back
            }
        }

        int signalled = 0;
        try
        {
            var pids = new HashSet<int>();
            foreach (var (hierarchy, target) in existing)
            {
                var tasks = new List<int>();
                CollectTasks(hierarchy, target, tasks, isTop: true);
                pids.UnionWith(tasks);
            }

            foreach (int pid in pids)
            {
                signalled += SignalTask(caller, pid, signal) ? 1 : 0;
            }
        }
        finally
        {
            if (canFreeze)
            {
                SetFrozen(caller, cgroup, frozen: false);
            }
        }

        return signalled;
    }

    private bool SignalTask(Caller caller, int pid, int signal)
    {
        try
        {
            using var pidfd = Sys.PidfdOpen(pid);
            uint uid = caller.Requestor.IsHostRoot ? 0 : _facts.StatusOf(pid).RealUid;
            Allow(MovePolicy.MayMovePid(caller.Requestor, new VictimFacts(pid, uid, InRequestorPidNamespace: true)));
            Sys.PidfdSendSignal(pidfd, (Signal)signal);
            return true;
        }
        catch (LinuxException e) when (e.Errno == Errno.ESRCH)
        {
            return false; // exited meanwhile
        }
        catch (CgException e) when (e.Kind == CgErrorKind.NoSuchProcess)
        {
            return false;
        }
    }

    /// <summary>Delete: the subtree in every hierarchy; with force, its tasks are killed first and waited for (the RFC's purge).</summary>
    public void Delete(Caller caller, string cgroup, bool force)
    {
        var existing = Existing(caller, cgroup);
        foreach (var (hierarchy, target) in existing)
        {
            Allow(RemovePolicy.MayRemove(caller.Requestor, target, RequestorCgroup(caller, hierarchy), hierarchy.Facts(hierarchy.PathOf(target.Parent))));
        }

        if (force)
        {
            Kill(caller, cgroup, 9);
            WaitFor(() => existing.All(e => IsEmpty(e.Hierarchy, e.Cgroup)), $"{cgroup} still has tasks after SIGKILL");
        }

        foreach (var (hierarchy, target) in existing)
        {
            if (force)
            {
                RemoveTree(hierarchy, target);
            }
            else
            {
                KernelErrors.Do($"removing {hierarchy.Name}:{target}", () =>
                {
                    if (hierarchy.IsUnified)
                    {
                        LeafCgroups.RemoveIfPresent(hierarchy, target);
                    }

                    hierarchy.Root.RemoveDirectory(hierarchy.PathOf(target));
                });
            }
        }
    }

    private static bool IsEmpty(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        var tasks = new List<int>();
        CollectTasks(hierarchy, cgroup, tasks, isTop: false);
        return tasks.Count == 0;
    }

    private static void WaitFor(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > SettleTimeout)
            {
                throw new CgException(CgErrorKind.Busy, $"{failure} within {SettleTimeout.TotalSeconds:0} s");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>ListChildren across hierarchies: the union of child names, sorted.</summary>
    public IReadOnlyList<string> ListChildrenAll(Caller caller, string cgroup) =>
        Existing(caller, cgroup).SelectMany(e => Children(e.Hierarchy, e.Cgroup)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>ListTasks across hierarchies: host pids, sorted and unique (the caller translates them for r).</summary>
    public IReadOnlyList<int> ListTasksAll(Caller caller, string cgroup, bool recursive)
    {
        var pids = new List<int>();
        foreach (var (hierarchy, target) in Existing(caller, cgroup))
        {
            Allow(FileAccessPolicy.MayAccess(caller.Requestor, hierarchy.Facts(hierarchy.PathOf(target)), AccessMode.Read, $"{hierarchy.Name}:{target}"));
            if (recursive)
            {
                CollectTasks(hierarchy, target, pids, isTop: true);
            }
            else
            {
                pids.AddRange(ReadTasks(hierarchy, target));
            }
        }

        return pids.Distinct().Order().ToArray();
    }

    /// <summary>The hierarchies (and on v2, the controllers) the cgroup has.</summary>
    public IReadOnlyList<string> ControllersOf(Caller caller, string cgroup)
    {
        var names = new List<string>();
        foreach (var (hierarchy, target) in Existing(caller, cgroup))
        {
            if (hierarchy.IsUnified)
            {
                names.AddRange(KernelErrors.Do($"{hierarchy.Name}:{target}", () => hierarchy.Root.ReadAllText(hierarchy.PathOf(target, "cgroup.controllers")))
                    .Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
            }
            else
            {
                names.AddRange(hierarchy.Model.Controllers);
                if (hierarchy.Model.Name is { } name)
                {
                    names.Add(CgManager.Core.Hierarchies.Hierarchy.NamePrefix + name);
                }
            }
        }

        return names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }
}
