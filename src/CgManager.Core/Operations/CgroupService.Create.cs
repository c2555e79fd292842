using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Folding;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

public sealed partial class CgroupService
{
    private const uint NewCgroupMode = 0x1ed; // 0755, as the reference

    private static readonly uint DaemonUid = Sys.GetEuid();
    private static readonly uint DaemonGid = Sys.GetEgid();

    /// <summary>
    /// Create: makes the cgroup below r's own, component by component, in each selected hierarchy;
    /// new directories and their files are given to r. Returns 1 if it already existed, -1 if made.
    /// A failure removes what this call made in that hierarchy: no partial cgroup is left. Spec §3.5.
    /// </summary>
    public int Create(Caller caller, string controller, string cgroup)
    {
        var (hierarchies, isList) = Select(controller, CgMethod.Create);
        var outcomes = ForEach(CgMethod.Create, hierarchies, isList, hierarchy => CreateIn(caller, hierarchy, cgroup, controller));
        return MultiControllerFold.Create(isList, outcomes);
    }

    /// <summary>True if the last component existed already.</summary>
    private bool CreateIn(Caller caller, MountedHierarchy hierarchy, string cgroup, string controller)
    {
        var own = RequestorCgroup(caller, hierarchy);
        var resolved = CgroupResolver.Resolve(MethodGroup.Creation, cgroup, own, PeerCgroup(caller, hierarchy));
        if (resolved.IsNoOp)
        {
            return false;
        }

        Allow(CreatePolicy.CheckDepth(resolved.Target, _options.MaxDepth));
        resolved.Target.TryGetRelativeTo(own, out var relative);
        CheckQuota(caller, hierarchy, own, resolved.Target, relative);
        var made = new List<CgroupPath>();
        bool existed = false;
        try
        {
            var current = own;
            foreach (var component in relative.Components)
            {
                var parent = current;
                current = current.Append(component);
                var existing = hierarchy.Facts(hierarchy.PathOf(current));
                existed = existing is not null;
                Allow(CreatePolicy.MayCreateStep(caller.Requestor, current, existing, existing is null ? hierarchy.Facts(hierarchy.PathOf(parent)) : null));
                if (existing is not null)
                {
                    continue;
                }

                if (!KernelErrors.Do($"mkdir {hierarchy.Name}:{current}", () => hierarchy.Root.TryCreateDirectory(hierarchy.PathOf(current), NewCgroupMode)))
                {
                    existed = true; // made by someone else between our stat and mkdir
                    continue;
                }

                made.Add(current);
                InheritCpuset(hierarchy, current);
                GiveToRequestor(caller, hierarchy, current);
            }

            if (hierarchy.IsUnified)
            {
                UnifiedControllers.EnableAlong(caller.Requestor, hierarchy, own, resolved.Target, UnifiedControllers.Named(hierarchy, controller));
            }

            return existed;
        }
        catch
        {
            RemoveMade(hierarchy, made);
            throw;
        }
    }

    /// <summary>
    /// The RFC's deferred limit: how many cgroups, and how deep, a requestor (other than host root)
    /// may make beneath its own cgroup (--quota-cgroups, --quota-depth).
    /// </summary>
    private void CheckQuota(Caller caller, MountedHierarchy hierarchy, CgroupPath own, CgroupPath target, CgroupPath relative)
    {
        if (caller.Requestor.IsHostRoot)
        {
            return;
        }

        if (_options.QuotaDepth > 0 && relative.Depth > _options.QuotaDepth)
        {
            throw new CgException(CgErrorKind.PermissionDenied,
                $"quota exceeded: {target} would be {relative.Depth} levels below the requestor's cgroup {own}; the limit (--quota-depth) is {_options.QuotaDepth}");
        }

        if (_options.QuotaCgroups > 0)
        {
            int missing = 0;
            var walk = own;
            foreach (var component in relative.Components)
            {
                walk = walk.Append(component);
                missing += hierarchy.Facts(hierarchy.PathOf(walk)) is null ? 1 : 0;
            }

            int held = CountDescendants(hierarchy, own);
            if (missing > 0 && held + missing > _options.QuotaCgroups)
            {
                throw new CgException(CgErrorKind.PermissionDenied,
                    $"quota exceeded: the requestor's cgroup {own} holds {held} cgroups and {missing} more would pass the limit (--quota-cgroups) of {_options.QuotaCgroups}");
            }
        }
    }

    private static int CountDescendants(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        int count = 0;
        foreach (var child in Children(hierarchy, cgroup))
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
    /// A new v1 cpuset cgroup starts with no cpus and no mems and could hold no task. The
    /// hierarchy-wide cgroup.clone_children is not ours to set, so the child gets its parent's here.
    /// </summary>
    private static void InheritCpuset(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        if (hierarchy.IsUnified || !hierarchy.Model.Controllers.Contains("cpuset"))
        {
            return;
        }

        foreach (var file in new[] { "cpuset.cpus", "cpuset.mems" })
        {
            string mine = hierarchy.PathOf(cgroup, file);
            if (KernelErrors.Do($"reading {hierarchy.Label(cgroup, file)}", () => hierarchy.Root.ReadAllText(mine)).Trim().Length == 0)
            {
                string parents = KernelErrors.Do($"reading {hierarchy.Label(cgroup.Parent, file)}",
                    () => hierarchy.Root.ReadAllText(hierarchy.PathOf(cgroup.Parent, file))).Trim();
                KernelErrors.Do($"writing {hierarchy.Label(cgroup, file)}", () => hierarchy.Root.WriteText(mine, parents + "\n"));
            }
        }
    }

    private static void RemoveMade(MountedHierarchy hierarchy, List<CgroupPath> made)
    {
        for (int i = made.Count - 1; i >= 0; i--)
        {
            try
            {
                hierarchy.Root.RemoveDirectory(hierarchy.PathOf(made[i]));
            }
            catch (LinuxException)
            {
                // Someone moved a task in already; leave it rather than fail the cleanup.
            }
        }
    }
}
