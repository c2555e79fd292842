using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Folding;
using CgManager.Core.Hierarchies;
using CgManager.Core.Paths;
using CgManager.Linux.Proc;

namespace CgManager.Core.Operations;

/// <summary>
/// The cgroup operations of the compat API (spec §3), for a <see cref="Caller"/> whose identity
/// came from the kernel. Each method selects hierarchies, resolves the cgroup argument, applies
/// the access policy (pure, in Core.Access) to facts read now, then acts through the hierarchy's
/// directory fd. Errors are <see cref="CgException"/>s with a precise reason.
/// One file per family of methods.
/// </summary>
public sealed partial class CgroupService : IDisposable
{
    private readonly Dictionary<Hierarchy, MountedHierarchy> _mounted;
    private readonly ProcessFacts _facts;
    private readonly ServiceOptions _options;
    private readonly FreezeJournal _freezes;

    public CgroupService(HierarchySet hierarchies, IEnumerable<MountedHierarchy> mounted, ProcessFacts facts, ServiceOptions options)
    {
        Hierarchies = hierarchies;
        _mounted = mounted.ToDictionary(m => m.Model);
        _facts = facts;
        _options = options;
        _freezes = new FreezeJournal(options.FreezeJournal);
        Watcher = new RemoveOnEmptyWatcher(options.ReportBackgroundFailure, time: options.Time);
    }

    public HierarchySet Hierarchies { get; }

    public ProcessFacts Facts => _facts;

    /// <summary>Removes cgroups marked with RemoveOnEmpty once they empty.</summary>
    public RemoveOnEmptyWatcher Watcher { get; }

    public IReadOnlyList<string> ListControllers() => Hierarchies.ListControllers();

    /// <summary>
    /// Takes over from a previous daemon on the same socket that was killed: thaws what it froze for
    /// itself, and opens the RemoveOnEmpty journal and marks again what it had been asked to remove.
    /// Called once the socket is ours (no other daemon serves it) and before serving. Returns lines for the log.
    /// </summary>
    public IReadOnlyList<string> TakeOver()
    {
        var report = ThawLeftovers().Select(t => $"thawed {t}: a previous daemon froze it for a Kill or a forced Delete and stopped before thawing it").ToList();
        var marks = MarkJournal.Open(_options.RemoveOnEmptyJournal);
        Watcher.UseJournal(marks);
        int restored = 0;
        foreach (var (name, cgroup) in marks.Leftovers)
        {
            if (_mounted.Values.FirstOrDefault(m => m.Name == name) is { } hierarchy)
            {
                try
                {
                    Watcher.Restore(hierarchy, cgroup);
                    restored++;
                }
                catch (Exception e) when (e is Linux.LinuxException or CgException)
                {
                    // Gone or out of reach: nothing left to remove there.
                }
            }
        }

        if (restored > 0)
        {
            report.Add($"marked {restored} cgroups for removal on empty again, as a previous daemon had");
        }

        return report;
    }

    public void Dispose()
    {
        Watcher.Dispose();
        foreach (var mounted in _mounted.Values)
        {
            mounted.Dispose();
        }
    }

    /// <summary>The hierarchies a controller argument selects, with their fds.</summary>
    private (IReadOnlyList<MountedHierarchy> Hierarchies, bool IsListMode) Select(string controller, CgMethod method)
    {
        ControllerSelection selection = ControllerSelector.Select(Hierarchies, controller, method);
        return (selection.Hierarchies.Select(h => _mounted[h]).ToArray(), selection.IsListMode);
    }

    private MountedHierarchy SelectOne(string controller, CgMethod method) => Select(controller, method).Hierarchies[0];

    /// <summary>
    /// Runs one step per selected hierarchy and records each outcome. A permission denial is the
    /// "permission-class" failure that list mode skips (spec §2.2); anything else is hard.
    /// </summary>
    private static List<TokenOutcome<T>> ForEach<T>(CgMethod method, IReadOnlyList<MountedHierarchy> hierarchies, bool isListMode,
        Func<MountedHierarchy, T> step)
    {
        var outcomes = new List<TokenOutcome<T>>(hierarchies.Count);
        foreach (var hierarchy in hierarchies)
        {
            TokenOutcome<T> outcome;
            try
            {
                outcome = TokenOutcome.Ok(hierarchy.Name, step(hierarchy));
            }
            catch (CgException e) when (e.Kind == CgErrorKind.PermissionDenied)
            {
                outcome = TokenOutcome.PermissionClass<T>(hierarchy.Name, e);
            }
            catch (CgException e)
            {
                outcome = TokenOutcome.Hard<T>(hierarchy.Name, e);
            }

            outcomes.Add(outcome);
            if (!MultiControllerFold.ShouldContinue(method, isListMode, outcome))
            {
                break;
            }
        }

        return outcomes;
    }

    /// <summary>r's cgroup in a hierarchy, from /proc/PID/cgroup as read for this request.</summary>
    private static CgroupPath RequestorCgroup(Caller caller, MountedHierarchy hierarchy) =>
        MembershipResolver.Find(caller.RequestorCgroups, hierarchy.Model, caller.Requestor.Pid);

    /// <summary>
    /// p's cgroup after the systemd allowance (<see cref="SystemdAdjustment"/>); for plain calls p is r. p's cgroup
    /// is used only as a confinement or a base, where the allowance applies.
    /// </summary>
    internal CgroupPath ProxyCgroup(Caller caller, MountedHierarchy hierarchy)
    {
        var cgroup = PeerCgroup(caller, hierarchy);
        return caller.Style == CallStyle.Plain
            ? WithSystemdAllowance(hierarchy, cgroup, caller.Requestor.Pid, caller.Requestor.Uid, caller.Requestor.UidMap, isProxy: false)
            : WithSystemdAllowance(hierarchy, cgroup, caller.Proxy.Pid, caller.Proxy.Uid, uidMap: null, isProxy: true);
    }

    /// <summary>p's cgroup as /proc says, for the method groups that use no proxy cgroup (creation, owner, removal).</summary>
    private static CgroupPath PeerCgroup(Caller caller, MountedHierarchy hierarchy) =>
        caller.Style == CallStyle.Plain
            ? RequestorCgroup(caller, hierarchy)
            : MembershipResolver.Find(caller.ProxyCgroups, hierarchy.Model, caller.Proxy.Pid);

    /// <summary>r's cgroup after the systemd allowance: the MovePid base (spec §3.7).</summary>
    private CgroupPath AdjustedRequestorCgroup(Caller caller, MountedHierarchy hierarchy) =>
        WithSystemdAllowance(hierarchy, RequestorCgroup(caller, hierarchy), caller.Requestor.Pid, caller.Requestor.Uid, caller.Requestor.UidMap, isProxy: false);

    /// <summary>The facts of the allowance are read only for a cgroup that ends in a systemd name.</summary>
    private CgroupPath WithSystemdAllowance(MountedHierarchy hierarchy, CgroupPath cgroup, int pid, uint uid, IdMap? uidMap, bool isProxy) =>
        SystemdAdjustment.Apply(cgroup, (scope, parent) =>
        {
            var nspid = _facts.StatusOf(pid).NSpid;
            return new SystemdClaimant(
                IsPidNamespaceInit: nspid.Count > 0 && nspid[^1] == 1,
                IsProxy: isProxy,
                Uid: uid,
                UidMap: uidMap ?? _facts.IdentityOf(pid).UidMap,
                ScopeParentOwner: hierarchy.Facts(hierarchy.PathOf(parent))?.Uid);
        });

    private static void RequirePlainAllowed(CgMethod method, Caller caller) =>
        NamespacePolicy.MayCallPlain(method, caller.Style, caller.Requestor.Namespaces).ThrowIfDenied();

    /// <summary>The directory must exist; otherwise a precise "no such cgroup".</summary>
    private static FileFacts RequireCgroup(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        var facts = KernelErrors.Do($"{hierarchy.Name}:{cgroup}", () => hierarchy.Facts(hierarchy.PathOf(cgroup)));
        if (facts is null || (facts.Value.Mode & 0xF000) != 0x4000)
        {
            throw new CgException(CgErrorKind.NoSuchCgroup, $"{hierarchy.Name}:{cgroup} does not exist");
        }

        return facts.Value;
    }

    private static void Allow(Decision decision) => decision.ThrowIfDenied();
}
