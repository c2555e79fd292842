using CgManager.Core.Keys;

namespace CgManager.Core.Operations;

/// <summary>
/// What Manager1.Delegate is asked (issue 14): give <see cref="Cgroup"/> (below the caller's own)
/// to <see cref="Uid"/>:<see cref="Gid"/> as cgroup v2 defines delegation, optionally with a session
/// leaf inside it that a process is moved into. Used by pam_cgm and <c>cgm delegate</c>.
/// </summary>
public sealed record DelegateRequest(string Cgroup, uint Uid, uint Gid)
{
    /// <summary>The controllers v2 delegation enables along the path when the caller names none.</summary>
    public static readonly IReadOnlyList<string> DefaultEnable = ["cpu", "cpuset", "io", "memory", "pids"];

    /// <summary>Controllers (or hierarchy tokens) selecting the hierarchies to act in; empty means all.</summary>
    public IReadOnlyList<string> Controllers { get; init; } = [];

    /// <summary>v2 controllers to enable from the first cgroup below the caller's down to the delegated one (those the hierarchy offers there).</summary>
    public IReadOnlyList<string> Enable { get; init; } = DefaultEnable;

    /// <summary>Limits on the delegated cgroup itself: they stay root's, the delegatee cannot change them.</summary>
    public IReadOnlyList<KeyValuePair<string, KeyValue>> Values { get; init; } = [];

    /// <summary>The session leaf's name (or its prefix when <see cref="SessionIndexes"/> is above 0); null for none.</summary>
    public string? Session { get; init; }

    /// <summary>When above 0, the leaf is the first of <c>Session0</c> .. <c>Session{N-1}</c> that is new in every hierarchy.</summary>
    public uint SessionIndexes { get; init; }

    /// <summary>Values set on the session leaf (pam_cgm's <c>-s</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, KeyValue>> SessionValues { get; init; } = [];

    /// <summary>A host pid to move into the session leaf; needs <see cref="Session"/>.</summary>
    public int? HostPid { get; init; }
}
