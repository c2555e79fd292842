using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Paths;
using CgManager.Linux;
using static CgManager.Core.Operations.CgroupContext;

namespace CgManager.Core.Operations;

/// <summary>
/// Manager1's lifecycle of a whole subtree, across hierarchies: Freeze and Thaw (waited for until the kernel says so),
/// Kill (with the subtree frozen meanwhile, the freeze journalled against a crash) and Delete (forced: killed first).
/// </summary>
public sealed class LifecycleOperations
{
    private readonly CgroupContext _context;
    private readonly FreezeJournal _freezes;

    internal LifecycleOperations(CgroupContext context)
    {
        _context = context;
        _freezes = new FreezeJournal(context.Options.FreezeJournal);
    }

    /// <summary>How long Freeze, Thaw and a forced Delete wait for the kernel to reach the state.</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Freeze: stops every task of the subtree (v2 cgroup.freeze, v1 freezer.state) and waits until the kernel says frozen.</summary>
    public void Freeze(Caller caller, string cgroup) => SetFrozen(caller, cgroup, frozen: true);

    public void Thaw(Caller caller, string cgroup) => SetFrozen(caller, cgroup, frozen: false);

    private void SetFrozen(Caller caller, string cgroup, bool frozen) => SetFrozen(caller, cgroup, FreezeTargets(_context.Existing(caller, cgroup)), frozen);

    /// <summary>
    /// Where a freeze of the cgroup is written. One freezer only: a task in v1's refrigerator never
    /// reports frozen to v2, so on a hybrid host with a v1 freezer hierarchy that one is used, and
    /// cgroup v2's elsewhere.
    /// </summary>
    private static List<(MountedHierarchy Hierarchy, CgroupPath Cgroup)> FreezeTargets(List<(MountedHierarchy Hierarchy, CgroupPath Cgroup)> existing)
    {
        bool useV1 = existing.Any(e => !e.Hierarchy.IsUnified && e.Hierarchy.Model.Controllers.Contains("freezer"));
        return existing
            .Where(e => e.Hierarchy.IsUnified != useV1 && e.Hierarchy.Facts(e.Hierarchy.PathOf(e.Cgroup, FreezerFile(e.Hierarchy))) is not null)
            .ToList();
    }

    private static string FreezerFile(MountedHierarchy hierarchy) => hierarchy.IsUnified ? "cgroup.freeze" : "freezer.state";

    private static string FreezerValue(MountedHierarchy hierarchy, bool frozen) =>
        hierarchy.IsUnified ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED");

    private void SetFrozen(Caller caller, string cgroup, List<(MountedHierarchy Hierarchy, CgroupPath Cgroup)> targets, bool frozen)
    {
        if (targets.Count == 0)
        {
            throw new CgException(CgErrorKind.NotSupported, $"{cgroup}: no freezer here (neither a v1 freezer hierarchy nor cgroup v2)");
        }

        foreach (var (hierarchy, target) in targets)
        {
            string file = FreezerFile(hierarchy);
            var facts = hierarchy.Facts(hierarchy.PathOf(target, file));
            var own = RequestorCgroup(caller, hierarchy);
            Allow(SetValuePolicy.MaySetValue(caller.Requestor, target, own, _context.ProxyCgroup(caller, hierarchy)));
            Allow(FileAccessPolicy.MayAccess(caller.Requestor, facts, AccessMode.Write, hierarchy.Label(target, file)));
            KernelErrors.Do($"{(frozen ? "freezing" : "thawing")} {hierarchy.Name}:{target}",
                () => hierarchy.Root.WriteText(hierarchy.PathOf(target, file), FreezerValue(hierarchy, frozen) + "\n"));
            WaitFor(() => IsFrozen(hierarchy, target) == frozen, $"{hierarchy.Name}:{target} did not become {(frozen ? "frozen" : "thawed")}");
        }
    }

    /// <summary>
    /// Thaws what a previous daemon froze for a Kill or a forced Delete and never thawed (it was
    /// killed meanwhile), as its journal says; called once at start, before serving. Returns what
    /// was thawed ("hierarchy:cgroup"), for the log.
    /// </summary>
    internal List<string> ThawLeftovers()
    {
        var thawed = new List<string>();
        foreach (var (name, cgroup) in _freezes.ReadLeftovers())
        {
            if (_context.Named(name) is not { } hierarchy)
            {
                continue;
            }

            try
            {
                string file = hierarchy.PathOf(cgroup, FreezerFile(hierarchy));
                if (hierarchy.Root.TryStat(file) is not null)
                {
                    hierarchy.Root.WriteText(file, FreezerValue(hierarchy, frozen: false) + "\n");
                    thawed.Add($"{name}:{cgroup}");
                }
            }
            catch (Exception e) when (e is LinuxException or CgException)
            {
                // Gone, or outside what this daemon reaches: nothing of ours to thaw there.
            }
        }

        _freezes.Clear();
        return thawed;
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
    /// Kill: a signal to every process of the subtree that r may signal (its own, or any as root of
    /// the user namespace they belong to). Processes are read from cgroup.procs on every version (v1's
    /// tasks lists threads, which have no pidfd of their own), and a signal goes to the whole thread
    /// group. The subtree is frozen meanwhile where a freezer exists, so that no task escapes by
    /// forking; the freeze is journalled, so that a daemon killed before it thaws thaws at its next
    /// start. Processes r may not signal are skipped, the others still signalled; then the call
    /// fails PermissionDenied saying how many were signalled and how many skipped. Returns how many
    /// were signalled (those that exited meanwhile are not counted).
    /// </summary>
    public int Kill(Caller caller, string cgroup, int signal)
    {
        if (signal is <= 0 or > 64)
        {
            throw new CgException(CgErrorKind.InvalidArgument, $"signal {signal} is not a signal number (1-64)");
        }

        var existing = _context.Existing(caller, cgroup);
        var freezes = FreezeTargets(existing);
        IDisposable? journalled = null;
        if (freezes.Count > 0)
        {
            journalled = _freezes.Record(freezes);
            try
            {
                SetFrozen(caller, cgroup, freezes, frozen: true);
            }
            catch (CgException)
            {
                // Not r's to freeze (e.g. its own top cgroup): signal without holding forks back,
                // after undoing a freeze that got as far as some of the hierarchies.
                ThawQuietly(caller, cgroup, freezes);
                journalled.Dispose();
                journalled = null;
            }
        }

        int signalled = 0;
        int skipped = 0;
        try
        {
            var pids = new HashSet<int>();
            foreach (var (hierarchy, target) in existing)
            {
                var processes = new List<int>();
                CgroupTasks.CollectProcesses(hierarchy, target, processes, isTop: true);
                pids.UnionWith(processes);
            }

            foreach (int pid in pids)
            {
                switch (SignalProcess(caller, pid, signal))
                {
                    case SignalOutcome.Signalled:
                        signalled++;
                        break;
                    case SignalOutcome.NotPermitted:
                        skipped++;
                        break;
                }
            }
        }
        finally
        {
            if (journalled is not null)
            {
                SetFrozen(caller, cgroup, freezes, frozen: false);
                journalled.Dispose();
            }
        }

        if (skipped > 0)
        {
            throw new CgException(CgErrorKind.PermissionDenied,
                $"signalled {signalled} process{(signalled == 1 ? "" : "es")} of {cgroup}; skipped {skipped} that the requestor may not signal (not its own)");
        }

        return signalled;
    }

    private void ThawQuietly(Caller caller, string cgroup, List<(MountedHierarchy Hierarchy, CgroupPath Cgroup)> freezes)
    {
        foreach (var (hierarchy, target) in freezes)
        {
            try
            {
                if (hierarchy.Root.ReadAllText(hierarchy.PathOf(target, FreezerFile(hierarchy))).Trim() != FreezerValue(hierarchy, frozen: false))
                {
                    SetFrozen(caller, cgroup, [(hierarchy, target)], frozen: false);
                }
            }
            catch (Exception e) when (e is LinuxException or CgException)
            {
                // Not ours to write: then it was not frozen by us either.
            }
        }
    }

    private enum SignalOutcome
    {
        Signalled,
        Gone,
        NotPermitted,
    }

    private SignalOutcome SignalProcess(Caller caller, int pid, int signal)
    {
        try
        {
            using var pidfd = Sys.PidfdOpen(pid);
            uint uid = caller.Requestor.IsHostRoot ? 0 : _context.Facts.StatusOf(pid).RealUid;
            if (!MovePolicy.MayMovePid(caller.Requestor, new VictimFacts(pid, uid, InRequestorPidNamespace: true)).IsAllowed)
            {
                return SignalOutcome.NotPermitted;
            }

            Sys.PidfdSendSignal(pidfd, (Signal)signal);
            return SignalOutcome.Signalled;
        }
        catch (LinuxException e) when (e.Errno == Errno.ESRCH)
        {
            return SignalOutcome.Gone; // exited meanwhile
        }
        catch (LinuxException e) when (e.Errno == Errno.EPERM)
        {
            return SignalOutcome.NotPermitted;
        }
        catch (CgException e) when (e.Kind == CgErrorKind.NoSuchProcess)
        {
            return SignalOutcome.Gone;
        }
    }

    /// <summary>Delete: the subtree in every hierarchy; with force, its tasks are killed first and waited for (the RFC's purge).</summary>
    public void Delete(Caller caller, string cgroup, bool force)
    {
        var existing = _context.Existing(caller, cgroup);
        foreach (var (hierarchy, target) in existing)
        {
            Allow(RemovePolicy.MayRemove(caller.Requestor, target, RequestorCgroup(caller, hierarchy), hierarchy.Facts(hierarchy.PathOf(target.Parent))));
        }

        if (force)
        {
            Kill(caller, cgroup, 9);
            WaitFor(() => existing.All(e => CgroupTasks.IsEmpty(e.Hierarchy, e.Cgroup)), $"{cgroup} still has tasks after SIGKILL");
        }

        foreach (var (hierarchy, target) in existing)
        {
            CgroupRemoval.Remove(hierarchy, target, recursive: force);
        }
    }

    /// <summary>Re-reads the kernel's state every 10 ms until it holds; Busy once <see cref="SettleTimeout"/> has passed on the service's clock.</summary>
    private void WaitFor(Func<bool> condition, string failure)
    {
        long start = _context.Options.Time.GetTimestamp();
        while (!condition())
        {
            if (_context.Options.Time.GetElapsedTime(start) > SettleTimeout)
            {
                throw new CgException(CgErrorKind.Busy, $"{failure} within {SettleTimeout.TotalSeconds:0} s");
            }

            Thread.Sleep(10);
        }
    }
}
