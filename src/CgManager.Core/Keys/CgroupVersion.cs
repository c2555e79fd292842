namespace CgManager.Core.Keys;

/// <summary>Which kind of hierarchy a key's files live on: a v1 controller hierarchy or the cgroup2 unified one.</summary>
public enum CgroupVersion
{
    /// <summary>A cgroup v1 hierarchy (one controller, several co-mounted, or a named one).</summary>
    V1,

    /// <summary>The cgroup2 unified hierarchy.</summary>
    V2,
}
