using System.Globalization;
using CgManager.Core.Errors;
using CgManager.Core.Paths;
using CgManager.Linux;
using static CgManager.Core.Operations.CgroupContext;

namespace CgManager.Core.Operations;

/// <summary>
/// Delegation done once, for pam_cgm, <c>cgm delegate</c> and runtimes run by root (issue 14, DESIGN §10):
/// the delegated cgroup is root-made, its directory and the kernel's delegation files (v2:
/// /sys/kernel/cgroup/delegate; v1: tasks, cgroup.procs) are the delegatee's, its limits stay root's;
/// controllers are enabled from the top down before any process enters; processes live in a session
/// leaf inside it, so every move the delegatee makes between its own cgroups passes the common-ancestor rule.
/// </summary>
public sealed class DelegateOperations
{
    private readonly CgroupContext _context;
    private readonly OwnerOperations _owners;
    private readonly ValueOperations _values;

    /// <summary>Delegations of one user by concurrent logins must not interleave (one session's close removing what another's open just made).</summary>
    private readonly Lock _delegations = new();

    internal DelegateOperations(CgroupContext context, OwnerOperations owners, ValueOperations values)
    {
        _context = context;
        _owners = owners;
        _values = values;
    }

    /// <summary>Delegate: returns the path (relative to the caller's cgroup) of the session leaf, or of the delegated cgroup when there is none.</summary>
    public string Delegate(Caller caller, DelegateRequest request)
    {
        RequireHostRoot(caller, "Delegate");
        var relative = DelegatedPath(request.Cgroup);
        if (request.Session is { } session && (session.Length == 0 && request.SessionIndexes == 0 || CgroupPath.CheckComponent(session.Length == 0 ? "0" : session) is not null))
        {
            throw new CgException(CgErrorKind.InvalidCgroupName, $"session '{session}' must be one cgroup name (no '/', not '.' or '..')");
        }

        if (request.HostPid is not null && request.Session is null)
        {
            throw new CgException(CgErrorKind.InvalidArgument,
                "a pid goes into the session leaf: name a session (a delegated cgroup holds no processes of its own, so it can hand controllers down)");
        }

        string selector = request.Controllers.Count == 0 ? CgManager.Core.Hierarchies.ControllerSelector.All : string.Join(',', request.Controllers);
        var (hierarchies, _) = _context.Select(selector, CgMethod.Create);
        string name = string.Join('/', relative.Components);
        lock (_delegations)
        {
            var made = hierarchies.ToDictionary(h => h, _ => new List<CgroupPath>());
            var owners = new List<PreviousOwner>();
            var enabled = new CreationRecord(); // only controllers it enabled: the directories are in made
            try
            {
                foreach (var hierarchy in hierarchies)
                {
                    var own = RequestorCgroup(caller, hierarchy);
                    var target = own.Combine(relative);
                    MakeAlong(hierarchy, own, target, made[hierarchy]);
                    if (hierarchy.IsUnified)
                    {
                        EnableForDelegation(caller, hierarchy, own.Append(relative.Components[0]), target, request.Enable, enabled);
                    }

                    GiveAway(hierarchy, target, request.Uid, request.Gid, owners);
                }

                if (request.Values.Count > 0)
                {
                    _values.SetValues(caller, name, request.Values);
                }

                if (request.Session is null)
                {
                    return name;
                }

                string leaf = MakeSessionLeaf(caller, hierarchies, relative, request, made);
                string leafName = name + "/" + leaf;
                if (request.SessionValues.Count > 0)
                {
                    _values.SetValues(caller, leafName, request.SessionValues);
                }

                if (request.HostPid is int pid)
                {
                    MoveIntoLeaf(caller, hierarchies, relative.Append(leaf), pid);
                }

                return leafName;
            }
            catch
            {
                // Undo exactly what this call did (DESIGN §11): owners of cgroups that were there before, then what it made.
                for (int i = owners.Count - 1; i >= 0; i--)
                {
                    owners[i].Restore();
                }

                foreach (var (hierarchy, list) in made)
                {
                    RemoveMadeHere(hierarchy, list);
                }

                // then the controllers it enabled in cgroups that were there before (a v2 cgroup that distributes them holds no processes)
                enabled.Undo();
                throw;
            }
        }
    }

    /// <summary>
    /// Undelegate: in every hierarchy, removes the session leaf if no task is left in it, then the
    /// delegated cgroup with everything beneath if no task is left anywhere in it (the last session's close).
    /// Returns what was removed, relative to the caller's cgroup.
    /// </summary>
    public IReadOnlyList<string> Undelegate(Caller caller, string cgroup, string session)
    {
        RequireHostRoot(caller, "Undelegate");
        var relative = DelegatedPath(cgroup);
        if (session.Length > 0 && CgroupPath.CheckComponent(session) is not null)
        {
            throw new CgException(CgErrorKind.InvalidCgroupName, $"session '{session}' must be one cgroup name (no '/', not '.' or '..')");
        }

        string name = string.Join('/', relative.Components);
        var removed = new SortedSet<string>(StringComparer.Ordinal);
        lock (_delegations)
        {
            foreach (var hierarchy in _context.Mounted)
            {
                var top = RequestorCgroup(caller, hierarchy).Combine(relative);
                if (hierarchy.Facts(hierarchy.PathOf(top)) is null)
                {
                    continue;
                }

                if (session.Length > 0)
                {
                    var leaf = top.Append(session);
                    if (hierarchy.Facts(hierarchy.PathOf(leaf)) is not null && CgroupTasks.IsEmpty(hierarchy, leaf))
                    {
                        CgroupRemoval.Remove(hierarchy, leaf, recursive: true);
                        removed.Add(name + "/" + session);
                    }
                }

                if (CgroupTasks.IsEmpty(hierarchy, top))
                {
                    CgroupRemoval.Remove(hierarchy, top, recursive: true);
                    removed.Add(name);
                }
            }
        }

        return removed.ToArray();
    }

    private static void RequireHostRoot(Caller caller, string method)
    {
        if (!caller.Requestor.IsHostRoot)
        {
            throw new CgException(CgErrorKind.PermissionDenied,
                $"{method}: only host root delegates cgroups (a delegatee hands on parts of its own subtree with Chown)");
        }
    }

    private static CgroupPath DelegatedPath(string cgroup)
    {
        var parsed = CgroupArgument.Parse(cgroup, MethodGroup.Creation);
        if (parsed.IsAbsolute || parsed.IsEmpty)
        {
            throw new CgException(CgErrorKind.InvalidCgroupName,
                $"'{cgroup}': a delegated cgroup lies below the caller's own cgroup (relative, not empty)");
        }

        return parsed.Relative;
    }

    /// <summary>mkdir -p from <paramref name="own"/> down to <paramref name="target"/>, root's; what was made is recorded for the rollback.</summary>
    private static void MakeAlong(MountedHierarchy hierarchy, CgroupPath own, CgroupPath target, List<CgroupPath> made)
    {
        target.TryGetRelativeTo(own, out var relative);
        var current = own;
        foreach (var component in relative.Components)
        {
            current = current.Append(component);
            if (MakeOne(hierarchy, current))
            {
                made.Add(current);
            }
        }
    }

    /// <summary>True if this call made it.</summary>
    private static bool MakeOne(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        if (hierarchy.Facts(hierarchy.PathOf(cgroup)) is not null
            || !KernelErrors.Do($"mkdir {hierarchy.Name}:{cgroup}", () => hierarchy.Root.TryCreateDirectory(hierarchy.PathOf(cgroup), NewCgroups.Mode)))
        {
            return false;
        }

        NewCgroups.InheritCpuset(hierarchy, cgroup);
        return true;
    }

    /// <summary>
    /// Enables the wanted controllers that the hierarchy offers at <paramref name="first"/> (the first
    /// cgroup below the caller's) in every cgroup from there down to the delegated one itself, so its
    /// children get them. The caller's own cgroup (for pam_cgm the root) is left as it is: a hierarchy-wide
    /// setting that belongs to whoever mounted it (DESIGN §7).
    /// </summary>
    private static void EnableForDelegation(Caller caller, MountedHierarchy hierarchy, CgroupPath first, CgroupPath target, IReadOnlyList<string> wanted,
        CreationRecord enabled)
    {
        var offered = KernelErrors.Do($"reading {hierarchy.Label(first, "cgroup.controllers")}",
                () => hierarchy.Root.ReadAllText(hierarchy.PathOf(first, "cgroup.controllers")))
            .Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var controllers = wanted.Where(c => offered.Contains(c, StringComparer.Ordinal)).ToArray();
        if (controllers.Length == 0)
        {
            return;
        }

        UnifiedControllers.EnableAlong(caller.Requestor, hierarchy, first, target, controllers, enabled);
        UnifiedControllers.EnableIn(caller.Requestor, hierarchy, target, controllers, enabled);
    }

    /// <summary>
    /// The directory and the delegation files become the delegatee's; on v2 the quotas are the kernel's to enforce.
    /// Each owner before is recorded in <paramref name="owners"/> (when given), so a failed call can put it back.
    /// </summary>
    private void GiveAway(MountedHierarchy hierarchy, CgroupPath cgroup, uint uid, uint gid, List<PreviousOwner>? owners = null)
    {
        void Give(string path, string what)
        {
            if (hierarchy.Root.TryStat(path) is not { } before)
            {
                return;
            }

            KernelErrors.Do($"chown {what}", () => hierarchy.Root.Chown(path, uid, gid));
            owners?.Add(new PreviousOwner(hierarchy, path, before.Uid, before.Gid));
        }

        Give(hierarchy.PathOf(cgroup), $"{hierarchy.Name}:{cgroup}");
        foreach (var file in _owners.DelegationFiles(hierarchy))
        {
            Give(hierarchy.PathOf(cgroup, file), hierarchy.Label(cgroup, file));
        }

        if (hierarchy.IsUnified)
        {
            _owners.LimitDelegation(hierarchy, cgroup);
        }
    }

    /// <summary>The session leaf: the exact name, or the first indexed name new in every hierarchy (as pam_cgm chose it).</summary>
    private string MakeSessionLeaf(Caller caller, IReadOnlyList<MountedHierarchy> hierarchies, CgroupPath relative, DelegateRequest request,
        Dictionary<MountedHierarchy, List<CgroupPath>> made)
    {
        string session = request.Session!;
        uint tries = Math.Max(1, request.SessionIndexes);
        for (uint i = 0; i < tries; i++)
        {
            string leaf = request.SessionIndexes == 0 ? session : session + i.ToString(CultureInfo.InvariantCulture);
            var madeNow = new List<(MountedHierarchy Hierarchy, CgroupPath Leaf)>();
            bool isNew = true;
            foreach (var hierarchy in hierarchies)
            {
                var path = RequestorCgroup(caller, hierarchy).Combine(relative).Append(leaf);
                if (!MakeOne(hierarchy, path))
                {
                    isNew = request.SessionIndexes == 0; // an exact name may be reused (a service's fixed leaf)
                    if (!isNew)
                    {
                        break;
                    }

                    continue;
                }

                madeNow.Add((hierarchy, path));
                GiveAway(hierarchy, path, request.Uid, request.Gid);
            }

            if (isNew)
            {
                foreach (var (hierarchy, path) in madeNow)
                {
                    made[hierarchy].Add(path);
                }

                return leaf;
            }

            foreach (var (hierarchy, path) in madeNow)
            {
                RemoveMadeHere(hierarchy, [path]);
            }
        }

        throw new CgException(CgErrorKind.Busy, $"{string.Join('/', relative.Components)}: sessions {session}0 to {session}{tries - 1} all exist");
    }

    /// <summary>Host root's move of a pinned process into the leaf itself (no hidden leaf: the session is the leaf).</summary>
    private static void MoveIntoLeaf(Caller caller, IReadOnlyList<MountedHierarchy> hierarchies, CgroupPath relativeLeaf, int pid)
    {
        using var pidfd = VictimPin.Open(pid);
        foreach (var hierarchy in hierarchies)
        {
            var leaf = RequestorCgroup(caller, hierarchy).Combine(relativeLeaf);
            VictimPin.EnsureAlive(pidfd, pid);
            KernelErrors.Do($"moving {pid} to {hierarchy.Name}:{leaf}", () =>
                hierarchy.Root.WriteText(hierarchy.PathOf(leaf, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Removes what this call made, deepest first; a directory someone filled meanwhile stays.</summary>
    private static void RemoveMadeHere(MountedHierarchy hierarchy, List<CgroupPath> made)
    {
        for (int i = made.Count - 1; i >= 0; i--)
        {
            try
            {
                hierarchy.Root.RemoveDirectory(hierarchy.PathOf(made[i]));
            }
            catch (LinuxException)
            {
                // A task or a child arrived: no longer only ours to remove.
            }
        }
    }

    /// <summary>Who owned a file before Delegate gave it away.</summary>
    private sealed record PreviousOwner(MountedHierarchy Hierarchy, string Path, uint Uid, uint Gid)
    {
        public void Restore()
        {
            try
            {
                Hierarchy.Root.Chown(Path, Uid, Gid);
            }
            catch (LinuxException)
            {
                // Gone already (made by this call and removed next), or the kernel refuses: the original failure is what counts.
            }
        }
    }
}
