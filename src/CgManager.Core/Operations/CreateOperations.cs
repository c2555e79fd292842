using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Folding;
using CgManager.Core.Keys;
using CgManager.Core.Paths;
using CgManager.Linux;
using static CgManager.Core.Operations.CgroupContext;

namespace CgManager.Core.Operations;

/// <summary>
/// Making cgroups below the requestor's own: compat Create in the selected hierarchies, Manager1's Create in every
/// hierarchy with its values. New directories are the requestor's; what a failed call made is removed again; the
/// quotas of --quota-cgroups and --quota-depth are counted per delegation.
/// </summary>
public sealed class CreateOperations
{
    private static readonly uint DaemonUid = Sys.GetEuid();
    private static readonly uint DaemonGid = Sys.GetEgid();

    private readonly CgroupContext _context;
    private readonly ValueOperations _values;

    /// <summary>Locks shared by the delegations that hash alike: bounded, and never left behind.</summary>
    private readonly Lock[] _quotaLocks = [.. Enumerable.Range(0, 64).Select(_ => new Lock())];

    internal CreateOperations(CgroupContext context, ValueOperations values)
    {
        _context = context;
        _values = values;
    }

    /// <summary>
    /// Create: makes the cgroup below r's own, component by component, in each selected hierarchy;
    /// new directories and their files are given to r. Returns whether it already existed or was made.
    /// A failure removes what this call made in that hierarchy: no partial cgroup is left. Spec §3.5.
    /// </summary>
    public CreateOutcome Create(Caller caller, string controller, string cgroup)
    {
        var (hierarchies, isList) = _context.Select(controller, CgMethod.Create);
        var outcomes = ForEach(CgMethod.Create, hierarchies, isList, hierarchy =>
        {
            var made = new CreationRecord();
            try
            {
                return CreateIn(caller, hierarchy, cgroup, controller, made);
            }
            catch
            {
                made.Undo();
                throw;
            }
        });
        return MultiControllerFold.Create(isList, outcomes);
    }

    /// <summary>
    /// True if the last component existed already. Every directory mkdir makes is added to
    /// <paramref name="made"/>, which the caller undoes on failure (also a failure after this returns).
    /// </summary>
    internal bool CreateIn(Caller caller, MountedHierarchy hierarchy, string cgroup, string controller, CreationRecord made)
    {
        var own = RequestorCgroup(caller, hierarchy);
        var resolved = CgroupResolver.Resolve(MethodGroup.Creation, cgroup, own, PeerCgroup(caller, hierarchy));
        if (resolved.IsNoOp)
        {
            return false; // r's own cgroup: nothing is made, and the compat answer for it is -1 (spec §2.3)
        }

        Allow(CreatePolicy.CheckDepth(resolved.Target, _context.Options.MaxDepth));
        resolved.Target.TryGetRelativeTo(own, out var relative);
        var names = CheckNames(hierarchy, own, relative);
        bool existed;
        if (QuotaApplies(caller) && names.Missing > 0)
        {
            // Count and mkdir under the delegation's lock: concurrent Creates in one delegation
            // cannot each see room for one more and all make it.
            var delegation = DelegationOf(caller, hierarchy, own);
            lock (QuotaLock(hierarchy, delegation))
            {
                names = CheckNames(hierarchy, own, relative);
                CheckQuota(hierarchy, delegation, resolved.Target, names.Missing);
                existed = MakeComponents(caller, hierarchy, own, relative, names.Facts, made);
            }
        }
        else
        {
            existed = MakeComponents(caller, hierarchy, own, relative, names.Facts, made);
        }

        if (hierarchy.IsUnified)
        {
            UnifiedControllers.EnableAlong(caller.Requestor, hierarchy, own, resolved.Target, UnifiedControllers.Named(hierarchy, controller), made);
        }

        return existed;
    }

    /// <summary>
    /// How many components are missing, after refusing any that exists as a file (a kernel file, not
    /// a cgroup) and any missing one named like a kernel file of this hierarchy (it would collide);
    /// with what each component's stat said, which the mkdir walk that follows uses instead of a second stat.
    /// </summary>
    private static (int Missing, FileFacts?[] Facts) CheckNames(MountedHierarchy hierarchy, CgroupPath own, CgroupPath relative)
    {
        int missing = 0;
        var walk = own;
        var seen = new FileFacts?[relative.Depth];
        int index = 0;
        foreach (var component in relative.Components)
        {
            walk = walk.Append(component);
            var facts = hierarchy.Facts(hierarchy.PathOf(walk));
            seen[index++] = facts;
            if (facts is { } existing && (existing.Mode & 0xF000) != 0x4000)
            {
                throw new CgException(CgErrorKind.InvalidCgroupName, $"{hierarchy.Name}:{walk} is a file, not a cgroup");
            }

            if (facts is null)
            {
                if (ReservedNames.WhyKernelFileName(component, hierarchy.Model.Controllers) is { } reason)
                {
                    throw new CgException(CgErrorKind.InvalidCgroupName, reason);
                }

                missing++;
            }
        }

        return (missing, seen);
    }

    /// <summary>
    /// The mkdir walk over the components <see cref="CheckNames"/> has just stat'ed (<paramref name="seen"/>);
    /// a component made since is mkdir's EEXIST (someone else's, as before), and one removed since is taken as seen,
    /// as if the removal came just after (a deeper mkdir then fails ENOENT and this call's cgroups are undone).
    /// True if the last component existed.
    /// </summary>
    private static bool MakeComponents(Caller caller, MountedHierarchy hierarchy, CgroupPath own, CgroupPath relative, FileFacts?[] seen, CreationRecord made)
    {
        bool existed = false;
        var current = own;
        int index = 0;
        foreach (var component in relative.Components)
        {
            var parent = current;
            current = current.Append(component);
            var existing = seen[index++];
            existed = existing is not null;
            Allow(CreatePolicy.MayCreateStep(caller.Requestor, current, existing, existing is null ? hierarchy.Facts(hierarchy.PathOf(parent)) : null));
            if (existing is not null)
            {
                continue;
            }

            if (!made.TryMake(hierarchy, current, NewCgroups.Mode))
            {
                existed = true; // made by someone else between our stat and mkdir: not ours to undo
                continue;
            }

            NewCgroups.InheritCpuset(hierarchy, current);
            GiveToRequestor(caller, hierarchy, current);
        }

        return existed;
    }

    private bool QuotaApplies(Caller caller) =>
        !caller.Requestor.IsHostRoot && (_context.Options.QuotaCgroups > 0 || _context.Options.QuotaDepth > 0);

    /// <summary>
    /// The cgroup a requestor's quota belongs to: the topmost of r's own cgroup and its ancestors that
    /// r owns without a break (below the daemon's root). It stays the same when r moves deeper into
    /// its delegation, so moving cannot reset the count.
    /// </summary>
    private static CgroupPath DelegationOf(Caller caller, MountedHierarchy hierarchy, CgroupPath own)
    {
        var top = own;
        for (var walk = own.Parent; walk.IsStrictlyBeneath(hierarchy.RootCgroup); walk = walk.Parent)
        {
            if (hierarchy.Facts(hierarchy.PathOf(walk)) is not { } facts || facts.Uid != caller.Requestor.Uid)
            {
                break;
            }

            top = walk;
        }

        return top;
    }

    private Lock QuotaLock(MountedHierarchy hierarchy, CgroupPath delegation) =>
        _quotaLocks[(uint)HashCode.Combine(hierarchy.Name, delegation.ToString()) % (uint)_quotaLocks.Length];

    /// <summary>
    /// The RFC's deferred limit: how many cgroups, and how deep, a requestor (other than host root)
    /// may make within its delegation (--quota-cgroups, --quota-depth). Called under the delegation's lock.
    /// </summary>
    private void CheckQuota(MountedHierarchy hierarchy, CgroupPath delegation, CgroupPath target, int missing)
    {
        target.TryGetRelativeTo(delegation, out var below);
        if (_context.Options.QuotaDepth > 0 && below.Depth > _context.Options.QuotaDepth)
        {
            throw new CgException(CgErrorKind.PermissionDenied,
                $"quota exceeded: {target} would be {below.Depth} levels below the requestor's delegated cgroup {delegation}; the limit (--quota-depth) is {_context.Options.QuotaDepth}");
        }

        if (_context.Options.QuotaCgroups > 0 && missing > 0)
        {
            int held = CountDescendants(hierarchy, delegation);
            if (held + missing > _context.Options.QuotaCgroups)
            {
                throw new CgException(CgErrorKind.PermissionDenied,
                    $"quota exceeded: the requestor's delegated cgroup {delegation} holds {held} cgroups and {missing} more would pass the limit (--quota-cgroups) of {_context.Options.QuotaCgroups}");
            }
        }
    }

    private static int CountDescendants(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        int count = 0;
        foreach (var child in CgroupTasks.Children(hierarchy, cgroup))
        {
            count += 1 + CountDescendants(hierarchy, cgroup.Append(child));
        }

        return count;
    }

    /// <summary>The directory and every file in it now belong to r (host ids), so r can use what it made.</summary>
    private static void GiveToRequestor(Caller caller, MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        var requestor = caller.Requestor;
        if (requestor.Uid == DaemonUid && requestor.Gid == DaemonGid)
        {
            return; // cgroupfs gives what mkdir makes to the maker's ids: the daemon's, which are r's
        }

        string dir = hierarchy.PathOf(cgroup);
        KernelErrors.Do($"chown {hierarchy.Name}:{cgroup}", () => hierarchy.Root.Chown(dir, requestor.Uid, requestor.Gid));

        foreach (var entry in KernelErrors.Do($"list {hierarchy.Name}:{cgroup}", () => hierarchy.Root.ListEntries(dir)))
        {
            if (entry.Type == FileType.Regular)
            {
                try
                {
                    hierarchy.Root.Chown(hierarchy.PathOf(cgroup, entry.Name), requestor.Uid, requestor.Gid);
                }
                catch (LinuxException)
                {
                    // As the reference: a file that cannot be given away stays root's; the directory is what counts.
                }
            }
        }
    }

    /// <summary>
    /// Create: the cgroup below r's own in every hierarchy carrying one of <paramref name="controllers"/>
    /// (all managed hierarchies when empty), then the values. Any failure removes exactly the
    /// directories this call made, deepest first. Returns true if it made any, false if it existed everywhere already.
    /// </summary>
    public bool CreateWithValues(Caller caller, string cgroup, IReadOnlyList<string> controllers, IReadOnlyList<KeyValuePair<string, KeyValue>> values)
    {
        string selector = controllers.Count == 0 ? CgManager.Core.Hierarchies.ControllerSelector.All : string.Join(',', controllers);
        var (hierarchies, _) = _context.Select(selector, CgMethod.Create);
        // Only what mkdir made in this call is undone: never r's own cgroup (""), nor an ancestor or
        // a cgroup that existed, in any hierarchy.
        var made = new CreationRecord();
        try
        {
            foreach (var hierarchy in hierarchies)
            {
                CreateIn(caller, hierarchy, cgroup, selector, made);
            }

            if (values.Count > 0)
            {
                _values.SetValues(caller, cgroup, values);
            }

            return made.Count > 0;
        }
        catch
        {
            made.Undo();
            throw;
        }
    }
}
