using CgManager.Core.Paths;

namespace CgManager.Core.Access;

/// <summary>The under-proxy check (spec §2.7, S-2, S-8).</summary>
public static class ConfinementPolicy
{
    /// <summary>
    /// The target must be the proxy's systemd-adjusted cgroup or beneath it, by whole components.
    /// For plain calls p is r, so this confines r to its own subtree.
    /// </summary>
    /// <param name="target">The cgroup a lookup-group method would act on.</param>
    /// <param name="adjustedProxyCgroup">p's cgroup after the systemd allowance (<see cref="SystemdAdjustment"/>).</param>
    public static Decision UnderProxy(CgroupPath target, CgroupPath adjustedProxyCgroup) =>
        target.IsBeneathOrEqual(adjustedProxyCgroup)
            ? Decision.Allow
            : Decision.DenyPermission($"cgroup {target} is not under the proxy's cgroup {adjustedProxyCgroup}");
}
