namespace CgManager.Linux.Proc;

/// <summary>The namespaces a process can be in; the value is the file name under /proc/PID/ns.</summary>
public enum NamespaceKind
{
    Pid,
    User,
    Mount,
    Cgroup,
    Net,
    Ipc,
    Uts,
    Time,
}

/// <summary>
/// A namespace's identity: the device and inode that stat of /proc/PID/ns/KIND reports. Two
/// processes are in the same namespace exactly when both are equal (the inode alone is only
/// unique within the nsfs device).
/// </summary>
public readonly record struct NamespaceId(ulong Device, ulong Inode)
{
    /// <summary>The link name under /proc/PID/ns.</summary>
    public static string FileName(NamespaceKind kind) => kind switch
    {
        NamespaceKind.Pid => "pid",
        NamespaceKind.User => "user",
        NamespaceKind.Mount => "mnt",
        NamespaceKind.Cgroup => "cgroup",
        NamespaceKind.Net => "net",
        NamespaceKind.Ipc => "ipc",
        NamespaceKind.Uts => "uts",
        NamespaceKind.Time => "time",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown namespace kind"),
    };

    /// <summary>The identity of the namespace an fd refers to (an fd opened on /proc/PID/ns/*).</summary>
    public static NamespaceId FromFd(SafeFd nsFd)
    {
        FileStatus st = Sys.Fstat(nsFd, "namespace fd");
        return new NamespaceId(st.Device, st.Inode);
    }
}
