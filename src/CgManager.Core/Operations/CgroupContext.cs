using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Folding;
using CgManager.Core.Hierarchies;
using CgManager.Core.Paths;
using CgManager.Linux.Proc;

namespace CgManager.Core.Operations;

/// <summary>
/// What every family of operations shares: the mounted hierarchies, the facts read from /proc and the options;
/// how a controller argument selects hierarchies, how the caller's cgroups are found (with the systemd allowance)
/// and how the access policy's decisions are applied. The families hold no state of each other's.
/// </summary>
internal sealed class CgroupContext
{
    private readonly Dictionary<Hierarchy, MountedHierarchy> _mounted;

    public CgroupContext(HierarchySet hierarchies, IEnumerable<MountedHierarchy> mounted, ProcessFacts facts, ServiceOptions options)
    {
        Hierarchies = hierarchies;
        _mounted = mounted.ToDictionary(m => m.Model);
        Facts = facts;
        Options = options;
    }

    public HierarchySet Hierarchies { get; }

    public ProcessFacts Facts { get; }

    public ServiceOptions Options { get; }

    public IReadOnlyCollection<MountedHierarchy> Mounted => _mounted.Values;

    public MountedHierarchy MountedFor(Hierarchy hierarchy) => _mounted[hierarchy];

    public MountedHierarchy? Named(string name) => _mounted.Values.FirstOrDefault(m => m.Name == name);

    /// <summary>The hierarchies a controller argument selects, with their fds.</summary>
    public (IReadOnlyList<MountedHierarchy> Hierarchies, bool IsListMode) Select(string controller, CgMethod method)
    {
        ControllerSelection selection = ControllerSelector.Select(Hierarchies, controller, method);
        return (selection.Hierarchies.Select(h => _mounted[h]).ToArray(), selection.IsListMode);
    }

    public MountedHierarchy SelectOne(string controller, CgMethod method) => Select(controller, method).Hierarchies[0];

    /// <summary>
    /// Runs one step per selected hierarchy and records each outcome. A permission denial is the
    /// "permission-class" failure that list mode skips (spec §2.2); anything else is hard.
    /// </summary>
    public static List<TokenOutcome<T>> ForEach<T>(CgMethod method, IReadOnlyList<MountedHierarchy> hierarchies, bool isListMode,
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

    /// <summary>The hierarchies where the cgroup exists, with its path in each (Manager1: a cgroup is one name across them).</summary>
    public List<(MountedHierarchy Hierarchy, CgroupPath Cgroup)> Existing(Caller caller, string cgroup)
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

    /// <summary>The cgroup an argument names below r's own (creation-group rules, existence not required).</summary>
    public static CgroupPath ResolveModern(Caller caller, MountedHierarchy hierarchy, string cgroup) =>
        CgroupResolver.Resolve(MethodGroup.Creation, cgroup, RequestorCgroup(caller, hierarchy), PeerCgroup(caller, hierarchy)).Target;

    /// <summary>Resolves a lookup-group argument, requires the cgroup to exist and r to read it.</summary>
    public CgroupPath ResolveReadable(Caller caller, MountedHierarchy hierarchy, CgMethod method, string cgroup)
    {
        var resolved = CgroupResolver.Resolve(CgMethods.GroupOf(method), cgroup, RequestorCgroup(caller, hierarchy), ProxyCgroup(caller, hierarchy));
        var facts = RequireCgroup(hierarchy, resolved.Target);
        Allow(FileAccessPolicy.MayAccess(caller.Requestor, facts, AccessMode.Read, $"{hierarchy.Name}:{resolved.Target}"));
        return resolved.Target;
    }

    /// <summary>r's cgroup in a hierarchy, from /proc/PID/cgroup as read for this request.</summary>
    public static CgroupPath RequestorCgroup(Caller caller, MountedHierarchy hierarchy) =>
        MembershipResolver.Find(caller.RequestorCgroups, hierarchy.Model, caller.Requestor.Pid);

    /// <summary>
    /// p's cgroup after the systemd allowance (<see cref="SystemdAdjustment"/>); for plain calls p is r. p's cgroup
    /// is used only as a confinement or a base, where the allowance applies.
    /// </summary>
    public CgroupPath ProxyCgroup(Caller caller, MountedHierarchy hierarchy)
    {
        var cgroup = PeerCgroup(caller, hierarchy);
        return caller.Style == CallStyle.Plain
            ? WithSystemdAllowance(hierarchy, cgroup, caller.Requestor.Pid, caller.Requestor.Uid, caller.Requestor.UidMap, isProxy: false)
            : WithSystemdAllowance(hierarchy, cgroup, caller.Proxy.Pid, caller.Proxy.Uid, uidMap: null, isProxy: true);
    }

    /// <summary>p's cgroup as /proc says, for the method groups that use no proxy cgroup (creation, owner, removal).</summary>
    public static CgroupPath PeerCgroup(Caller caller, MountedHierarchy hierarchy) =>
        caller.Style == CallStyle.Plain
            ? RequestorCgroup(caller, hierarchy)
            : MembershipResolver.Find(caller.ProxyCgroups, hierarchy.Model, caller.Proxy.Pid);

    /// <summary>r's cgroup after the systemd allowance: the MovePid base (spec §3.7).</summary>
    public CgroupPath AdjustedRequestorCgroup(Caller caller, MountedHierarchy hierarchy) =>
        WithSystemdAllowance(hierarchy, RequestorCgroup(caller, hierarchy), caller.Requestor.Pid, caller.Requestor.Uid, caller.Requestor.UidMap, isProxy: false);

    /// <summary>The facts of the allowance are read only for a cgroup that ends in a systemd name.</summary>
    private CgroupPath WithSystemdAllowance(MountedHierarchy hierarchy, CgroupPath cgroup, int pid, uint uid, IdMap? uidMap, bool isProxy) =>
        SystemdAdjustment.Apply(cgroup, (scope, parent) =>
        {
            var nspid = Facts.StatusOf(pid).NSpid;
            return new SystemdClaimant(
                IsPidNamespaceInit: nspid.Count > 0 && nspid[^1] == 1,
                IsProxy: isProxy,
                Uid: uid,
                UidMap: uidMap ?? Facts.IdentityOf(pid).UidMap,
                ScopeParentOwner: hierarchy.Facts(hierarchy.PathOf(parent))?.Uid);
        });

    public static void RequirePlainAllowed(CgMethod method, Caller caller) =>
        NamespacePolicy.MayCallPlain(method, caller.Style, caller.Requestor.Namespaces).ThrowIfDenied();

    /// <summary>The directory must exist; otherwise a precise "no such cgroup".</summary>
    public static FileFacts RequireCgroup(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        var facts = KernelErrors.Do($"{hierarchy.Name}:{cgroup}", () => hierarchy.Facts(hierarchy.PathOf(cgroup)));
        if (facts is null || (facts.Value.Mode & 0xF000) != 0x4000)
        {
            throw new CgException(CgErrorKind.NoSuchCgroup, $"{hierarchy.Name}:{cgroup} does not exist");
        }

        return facts.Value;
    }

    public static void Allow(Decision decision) => decision.ThrowIfDenied();
}
