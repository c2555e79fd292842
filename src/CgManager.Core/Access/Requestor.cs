using CgManager.Linux.Proc;

namespace CgManager.Core.Access;

/// <summary>
/// The requestor r as the kernel identified it (SO_PEERCRED or the first SCM credential): host ids, its
/// user namespace's maps (/proc/PID/uid_map and gid_map) and its namespaces relative to the daemon.
/// </summary>
public sealed record Requestor(int Pid, uint Uid, uint Gid, IdMap UidMap, IdMap GidMap, NamespaceFacts Namespaces)
{
    /// <summary>Host uid 0 (spec §2.5 step 2).</summary>
    public bool IsHostRoot => Uid == 0;

    /// <summary>
    /// Host root in the daemon's own pid and user namespaces: the one requestor MovePidAbs lets escape to
    /// anywhere below the daemon's root (see <see cref="MovePolicy.MovePidAbsProxyCgroup"/>). A privileged
    /// container's root (host uid 0, other pid namespace) is not.
    /// </summary>
    public bool IsHostRootInHostNamespaces => IsHostRoot && Namespaces.SamePidNamespace && Namespaces.SameUserNamespace;

    /// <summary>r's uid maps to 0 in r's user namespace: root there (host root included).</summary>
    public bool IsRootInOwnUserNamespace => UidMap.TryMapToInside(Uid, out uint inside) && inside == 0;

    /// <summary>True if host uid <paramref name="hostUid"/> has an id in r's user namespace.</summary>
    public bool MapsUid(uint hostUid) => UidMap.TryMapToInside(hostUid, out _);

    /// <summary>True if host gid <paramref name="hostGid"/> has an id in r's user namespace.</summary>
    public bool MapsGid(uint hostGid) => GidMap.TryMapToInside(hostGid, out _);

    /// <summary>A requestor in the daemon's namespaces, with identity maps.</summary>
    public static Requestor OnHost(int pid, uint uid, uint gid) =>
        new(pid, uid, gid, IdMap.Identity, IdMap.Identity, NamespaceFacts.Host);
}
