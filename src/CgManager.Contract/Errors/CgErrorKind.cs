namespace CgManager.Contract;

/// <summary>
/// Why a request failed. Each kind has a stable reason prefix (spec §11.1, see <see cref="CgErrorReasons"/>)
/// and a D-Bus error name per interface (see <see cref="ErrorTable"/>).
/// </summary>
public enum CgErrorKind
{
    /// <summary>The requestor lacks privilege over the cgroup, file or victim. "permission denied:"</summary>
    PermissionDenied,

    /// <summary>The cgroup does not exist, or a task has no cgroup in the hierarchy. "no such cgroup:"</summary>
    NoSuchCgroup,

    /// <summary>The cgroup argument is malformed (<c>..</c>, NUL, bad components). "invalid cgroup name:"</summary>
    InvalidCgroupName,

    /// <summary>A GetValue/SetValue key or a Chmod file name is malformed or forbidden. "invalid key:"</summary>
    InvalidKey,

    /// <summary>The controller argument names no managed hierarchy, or the wrong number of them. "invalid controller:"</summary>
    InvalidController,

    /// <summary>The request is well-formed but this daemon or kernel cannot do it. "not supported:"</summary>
    NotSupported,

    /// <summary>The cgroup is in use (tasks or children present, or the requestor sits in it). "busy:"</summary>
    Busy,

    /// <summary>Any other bad argument (mode, uid, pid...). "invalid argument:"</summary>
    InvalidArgument,

    /// <summary>The call is refused because of the caller's pid or user namespace. "namespace:"</summary>
    Namespace,

    /// <summary>No such task (a victim pid that does not exist or is not visible). "no such process:"</summary>
    NoSuchProcess,

    /// <summary>The kernel refused an operation for another reason (errno in the detail). "failed:"</summary>
    Failed,

    /// <summary>
    /// An all-or-nothing call failed and putting back what it had changed failed too: the detail names the original
    /// failure and each file left changed. "restore failed:"
    /// </summary>
    RestoreFailed,
}
