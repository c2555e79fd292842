using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Folding;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

public sealed partial class CgroupService
{
    private const uint NewCgroupMode = 0x1ed; // 0755, as the reference

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
        var resolved = CgroupResolver.Resolve(MethodGroup.Creation, cgroup, own, ProxyCgroup(caller, hierarchy));
        if (resolved.IsNoOp)
        {
            return false;
        }

        Allow(CreatePolicy.CheckDepth(resolved.Target, _options.MaxDepth));
        resolved.Target.TryGetRelativeTo(own, out var relative);
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

    /// <summary>The directory and every file in it now belong to r (host ids), so r can use what it made.</summary>
    private static void GiveToRequestor(Caller caller, MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        var requestor = caller.Requestor;
        string dir = hierarchy.PathOf(cgroup);
        KernelErrors.Do($"chown {hierarchy.Name}:{cgroup}", () => hierarchy.Root.Chown(dir, requestor.Uid, requestor.Gid));
        if (requestor.Uid == 0 && requestor.Gid == 0)
        {
            return; // mkdir by root already made everything root's
        }

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
            if (KernelErrors.Do($"reading {hierarchy.Name}:{cgroup}/{file}", () => hierarchy.Root.ReadAllText(mine)).Trim().Length == 0)
            {
                string parents = KernelErrors.Do($"reading {hierarchy.Name}:{cgroup.Parent}/{file}",
                    () => hierarchy.Root.ReadAllText(hierarchy.PathOf(cgroup.Parent, file))).Trim();
                KernelErrors.Do($"writing {hierarchy.Name}:{cgroup}/{file}", () => hierarchy.Root.WriteText(mine, parents + "\n"));
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
