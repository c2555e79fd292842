using CgManager.Core.Access;
using CgManager.Core.Hierarchies;
using CgManager.Core.Paths;
using static CgManager.Core.Operations.CgroupContext;

namespace CgManager.Core.Operations;

/// <summary>
/// Where things are: a task's cgroup (compat GetPidCgroup, GetPidCgroupAbs), a cgroup's children (compat ListChildren
/// in one hierarchy, Manager1's across all) and the controllers a cgroup has (Manager1).
/// </summary>
public sealed class LookupOperations
{
    private readonly CgroupContext _context;

    internal LookupOperations(CgroupContext context) => _context = context;

    /// <summary>GetPidCgroup: v's cgroup relative to r's, without a leading slash ("/" if equal). Spec §3.3.</summary>
    public string GetPidCgroup(Caller caller, string controller, int victimPid)
    {
        RequirePlainAllowed(CgMethod.GetPidCgroup, caller);
        var hierarchy = _context.SelectOne(controller, CgMethod.GetPidCgroup);
        var victim = MembershipResolver.Find(_context.Facts.CgroupsOf(victimPid), hierarchy.Model, victimPid);
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
        var hierarchy = _context.SelectOne(controller, CgMethod.GetPidCgroupAbs);
        var victim = MembershipResolver.Find(_context.Facts.CgroupsOf(victimPid), hierarchy.Model, victimPid);
        var proxyBase = caller.Style == CallStyle.Plain ? CgroupPath.Root : _context.ProxyCgroup(caller, hierarchy);
        return PidCgroupFormatter.Absolute(victim, proxyBase);
    }

    /// <summary>ListChildren: names of the child cgroups, in directory order. Spec §3.14.</summary>
    public IReadOnlyList<string> ListChildren(Caller caller, string controller, string cgroup)
    {
        var hierarchy = _context.SelectOne(controller, CgMethod.ListChildren);
        var target = _context.ResolveReadable(caller, hierarchy, CgMethod.ListChildren, cgroup);
        return CgroupTasks.Children(hierarchy, target);
    }

    /// <summary>ListChildren across hierarchies: the union of child names, sorted.</summary>
    public IReadOnlyList<string> ListChildrenAll(Caller caller, string cgroup) =>
        _context.Existing(caller, cgroup).SelectMany(e => CgroupTasks.Children(e.Hierarchy, e.Cgroup)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The hierarchies (and on v2, the controllers) the cgroup has.</summary>
    public IReadOnlyList<string> ControllersOf(Caller caller, string cgroup)
    {
        var names = new List<string>();
        foreach (var (hierarchy, target) in _context.Existing(caller, cgroup))
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
