namespace CgManager.Core.Paths;

/// <summary>
/// The systemd allowance of spec §2.4, narrowed per S-3: a proxy whose cgroup ends in the component
/// <c>init.scope</c> (systemd's PID 1, on the host or in a container), or in the two components
/// <c>system.slice/cgproxy.service</c> (a cgproxy started by systemd), is treated as sitting in the
/// cgroup above. Only the final component(s) are looked at, whole components only, and only once.
/// </summary>
/// <remarks>
/// Where it applies (and only there): the proxy's cgroup for the under-proxy check, for GetPidCgroupAbs and
/// for the MovePidAbs base; the requestor's cgroup as the MovePid base. It never applies to the requestor's
/// cgroup for Create, Chown, Chmod, Remove, RemoveOnEmpty, Prune, GetPidCgroup or lookups of "own".
/// </remarks>
public static class SystemdAdjustment
{
    private static readonly string[] s_initScope = ["init.scope"];
    private static readonly string[] s_cgproxyService = ["system.slice", "cgproxy.service"];

    /// <summary>The adjusted cgroup: the parent of a final <c>init.scope</c>, the grandparent of a final <c>system.slice/cgproxy.service</c>, otherwise unchanged.</summary>
    public static CgroupPath Apply(CgroupPath cgroup)
    {
        if (cgroup.EndsWith(s_initScope))
        {
            return cgroup.RemoveLast(1);
        }

        if (cgroup.EndsWith(s_cgproxyService))
        {
            return cgroup.RemoveLast(2);
        }

        return cgroup;
    }
}
