namespace CgManager.Core.Paths;

/// <summary>
/// The outcome of resolving a cgroup argument in one hierarchy.
/// </summary>
/// <param name="Target">The cgroup the method acts on.</param>
/// <param name="Base">
/// The cgroup the target is confined to and relative to: the systemd-adjusted proxy cgroup for lookups and
/// MovePidAbs, the adjusted requestor cgroup for MovePid, the requestor's own cgroup otherwise. Create walks the
/// components of Target below Base; MovePid and MovePidAbs require the victim beneath Base.
/// </param>
/// <param name="IsNoOp">Create with "" (or "/"): nothing to do, existed = -1 (spec §3.5).</param>
public readonly record struct ResolvedCgroup(CgroupPath Target, CgroupPath Base, bool IsNoOp)
{
    /// <summary>The components of Target below Base, in order: what Create makes or checks.</summary>
    public IReadOnlyList<string> ComponentsBelowBase => Target.Components.Skip(Base.Depth).ToArray();
}
