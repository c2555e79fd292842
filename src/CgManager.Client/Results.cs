namespace CgManager.Client;

/// <summary>What Create found (the wire's <c>existed</c> = 1 / -1, or <c>'2'</c> / <c>'1'</c> on the Scm side channel).</summary>
public enum CreateResult
{
    /// <summary>The cgroup was made (existed = -1).</summary>
    Created = 0,

    /// <summary>The cgroup was there already (existed = 1).</summary>
    Existed = 1,
}

/// <summary>What Remove found (the wire's <c>existed</c> = 1 / -1, or <c>'2'</c> / <c>'1'</c> on the Scm side channel).</summary>
public enum RemoveResult
{
    /// <summary>The cgroup existed and was removed (existed = 1).</summary>
    Removed = 0,

    /// <summary>There was no such cgroup (existed = -1).</summary>
    DidNotExist = 1,
}

/// <summary>One file of a cgroup as ListKeys reports it.</summary>
/// <param name="Name">The file name, e.g. <c>memory.limit_in_bytes</c>.</param>
/// <param name="Uid">The owner, in the requestor's user namespace (4294967295 if unmapped).</param>
/// <param name="Gid">The group, in the requestor's user namespace (4294967295 if unmapped).</param>
/// <param name="Mode">The full <c>st_mode</c>, type bits included (e.g. 0100644).</param>
public readonly record struct CgroupKey(string Name, uint Uid, uint Gid, uint Mode);

/// <summary>One Manager1 <c>Event</c> signal of a watched cgroup.</summary>
/// <param name="Cgroup">The cgroup as the watch named it.</param>
/// <param name="Event">The event: <c>populated</c>, <c>frozen</c>, <c>oom_kill</c> or <c>max</c>.</param>
/// <param name="Value">The new value: <c>true</c>/<c>false</c> for populated and frozen, a decimal count for oom_kill and max.</param>
public readonly record struct CgroupEvent(string Cgroup, string Event, string Value);
