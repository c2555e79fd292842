using CgManager.Linux.Proc;

namespace CgManager.Core.Paths;

/// <summary>Which systemd cgroup a path ends in, for the allowance of <see cref="SystemdAdjustment"/>.</summary>
public enum SystemdScope
{
    /// <summary>Neither: the path is judged as it is.</summary>
    None,

    /// <summary>A final <c>init.scope</c>: where systemd keeps its PID 1.</summary>
    InitScope,

    /// <summary>A final <c>system.slice/cgproxy.service</c>: a cgproxy started by systemd.</summary>
    CgproxyService,
}

/// <summary>
/// What the allowance needs to know about the task whose cgroup is being adjusted (the proxy p, or r for the
/// MovePid base), read only when its cgroup ends in one of the two systemd names.
/// </summary>
/// <param name="IsPidNamespaceInit">The task is pid 1 of its own pid namespace (its NSpid ends in 1).</param>
/// <param name="IsProxy">The task is the peer of an Scm call, i.e. it forwards for someone: what cgproxy does.</param>
/// <param name="Uid">Its host uid.</param>
/// <param name="UidMap">Its user namespace's uid map.</param>
/// <param name="ScopeParentOwner">The host uid owning the cgroup the allowance would widen to, or null if it is gone.</param>
public readonly record struct SystemdClaimant(bool IsPidNamespaceInit, bool IsProxy, uint Uid, IdMap UidMap, uint? ScopeParentOwner);

/// <summary>
/// The systemd allowance of spec §2.4, narrowed per S-3: a task in a cgroup ending in the component
/// <c>init.scope</c> (systemd's PID 1, on the host or in a container), or in the two components
/// <c>system.slice/cgproxy.service</c> (a cgproxy started by systemd), is treated as sitting in the cgroup
/// above, but only when that is what it really is. Only the final component(s) are looked at, whole
/// components only, and only once.
/// </summary>
/// <remarks>
/// <para><b>Who gets it.</b> <c>init.scope</c>: only a task that is pid 1 of its pid namespace (an init, as
/// systemd is). <c>system.slice/cgproxy.service</c>: only the peer of an Scm call (a proxy). Either way the task
/// must be root of its user namespace, as systemd and cgproxy are.</para>
/// <para><b>Where.</b> The cgroup above the scope must be the root of the task's namespace, i.e. owned by a uid
/// that is root in the task's user namespace: the host's root cgroup for the host's init, the cgroup delegated
/// (chowned) to the container's root for a container's init or proxy. A task root placed in <c>w/init.scope</c>
/// (not an init, or an init of a namespace that does not own <c>w</c>) is judged by the cgroup it is in.</para>
/// <para>Where it applies (and only there): the proxy's cgroup for the under-proxy check, for GetPidCgroupAbs,
/// for the MovePidAbs base and for SetValue's top; the requestor's cgroup as the MovePid base. It never applies
/// to the requestor's cgroup for Create, Chown, Chmod, Remove, RemoveOnEmpty, Prune, GetPidCgroup or lookups of
/// "own".</para>
/// </remarks>
public static class SystemdAdjustment
{
    private static readonly string[] InitScopePath = ["init.scope"];
    private static readonly string[] CgproxyServicePath = ["system.slice", "cgproxy.service"];

    /// <summary>Which systemd name <paramref name="cgroup"/> ends in, and the cgroup above it.</summary>
    public static SystemdScope ScopeOf(CgroupPath cgroup, out CgroupPath parent)
    {
        if (cgroup.EndsWith(InitScopePath))
        {
            parent = cgroup.RemoveLast(1);
            return SystemdScope.InitScope;
        }

        if (cgroup.EndsWith(CgproxyServicePath))
        {
            parent = cgroup.RemoveLast(2);
            return SystemdScope.CgproxyService;
        }

        parent = cgroup;
        return SystemdScope.None;
    }

    /// <summary>True if <paramref name="claimant"/> is the init or proxy the allowance for <paramref name="scope"/> exists for.</summary>
    public static bool IsEntitled(SystemdScope scope, SystemdClaimant claimant)
    {
        bool roleFits = scope switch
        {
            SystemdScope.InitScope => claimant.IsPidNamespaceInit,
            SystemdScope.CgproxyService => claimant.IsProxy,
            _ => false,
        };
        return roleFits
            && IsRootThere(claimant.UidMap, claimant.Uid)
            && claimant.ScopeParentOwner is uint owner && IsRootThere(claimant.UidMap, owner);
    }

    /// <summary>
    /// The adjusted cgroup: the cgroup above a final <c>init.scope</c> or <c>system.slice/cgproxy.service</c> when
    /// the task is entitled to it (<paramref name="claimant"/> is asked only then), otherwise unchanged.
    /// </summary>
    public static CgroupPath Apply(CgroupPath cgroup, Func<SystemdScope, CgroupPath, SystemdClaimant> claimant)
    {
        ArgumentNullException.ThrowIfNull(claimant);
        SystemdScope scope = ScopeOf(cgroup, out CgroupPath parent);
        return scope != SystemdScope.None && IsEntitled(scope, claimant(scope, parent)) ? parent : cgroup;
    }

    private static bool IsRootThere(IdMap map, uint hostUid) => map.TryMapToInside(hostUid, out uint inside) && inside == 0;
}
