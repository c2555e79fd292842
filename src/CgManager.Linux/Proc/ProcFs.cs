using System.Globalization;

namespace CgManager.Linux.Proc;

/// <summary>
/// Reads and parses the /proc files that identity and discovery decisions rest on. The root is
/// injectable so that tests can point it at a fake tree. A pid that no longer exists is always
/// reported the same way: a <see cref="LinuxException"/> with errno ESRCH naming the pid.
/// </summary>
public sealed class ProcFs
{
    public const string DefaultRoot = "/proc";

    private const string SelfDirectory = "self";

    public ProcFs(string root = DefaultRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = root.TrimEnd('/');
    }

    /// <summary>The real /proc.</summary>
    public static ProcFs Default { get; } = new();

    public string Root { get; }

    public ProcStatus ReadStatus(int pid) => ProcStatus.Parse(ReadStatusText(pid));

    public string ReadStatusText(int pid) => ReadRecordText(PidDir(pid), "status");

    public IReadOnlyList<CgroupMembership> ReadCgroups(int pid) => CgroupMembership.ParseAll(ReadCgroupsText(pid));

    public string ReadCgroupsText(int pid) => ReadRecordText(PidDir(pid), "cgroup");

    /// <summary>/proc/PID/cgroup held open for repeated reads (see <see cref="ProcessCgroupFile"/>).</summary>
    public ProcessCgroupFile OpenCgroups(int pid)
    {
        string dir = PidDir(pid);
        return new ProcessCgroupFile(Open(dir, "cgroup", out string path), path);
    }

    /// <summary>The cgroups of the reading process itself (/proc/self/cgroup).</summary>
    public IReadOnlyList<CgroupMembership> ReadSelfCgroups() => CgroupMembership.ParseAll(ReadText(SelfDirectory, "cgroup"));

    public IReadOnlyList<MountInfoEntry> ReadMountInfo(int pid) => MountInfoEntry.ParseAll(ReadMountInfoText(pid));

    public string ReadMountInfoText(int pid) => ReadText(PidDir(pid), "mountinfo");

    /// <summary>The mounts as the reading process sees them (/proc/self/mountinfo).</summary>
    public IReadOnlyList<MountInfoEntry> ReadSelfMountInfo() => MountInfoEntry.ParseAll(ReadText(SelfDirectory, "mountinfo"));

    /// <summary>uid_map parsed by <see cref="IdMap.Parse"/>.</summary>
    public IdMap ReadUidMap(int pid) => IdMap.Parse(ReadUidMapText(pid));

    public string ReadUidMapText(int pid) => ReadText(PidDir(pid), "uid_map");

    /// <summary>gid_map parsed by <see cref="IdMap.Parse"/>.</summary>
    public IdMap ReadGidMap(int pid) => IdMap.Parse(ReadGidMapText(pid));

    public string ReadGidMapText(int pid) => ReadText(PidDir(pid), "gid_map");

    /// <summary>/proc/cgroups, the kernel's controller table.</summary>
    public IReadOnlyList<ProcCgroupsEntry> ReadProcCgroups() => ProcCgroupsEntry.ParseAll(ReadProcCgroupsText());

    public string ReadProcCgroupsText()
    {
        string path = $"{Root}/cgroups";
        using SafeFd fd = Sys.Open(path, OpenFlags.O_RDONLY);
        return Sys.ReadAllText(fd, subject: path);
    }

    /// <summary>
    /// What the reading process's own /proc/self/fdinfo/FD says about one of its fds (a pidfd's pid).
    /// ENOENT when <paramref name="fd"/> is not open.
    /// </summary>
    public FdInfo ReadSelfFdInfo(int fd) => FdInfo.Parse(ReadSelfFdInfoText(fd));

    public string ReadSelfFdInfoText(int fd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        return ReadText(SelfDirectory, "fdinfo/" + fd.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The pids that have a directory under the root now (tasks come and go while it is read).</summary>
    public IReadOnlyList<int> ListPids()
    {
        using SafeFd dir = Sys.Open(Root, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        var pids = new List<int>();
        foreach (var entry in Sys.ReadDirectory(dir, Root))
        {
            if (entry.Type == FileType.Directory && ProcText.TryParseInt32(entry.Name, out int pid) && pid > 0)
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    /// <summary>
    /// The identity of a process's namespace, by stat of /proc/PID/ns/KIND (following the link).
    /// ESRCH if the process is gone; ENOENT if it exists but this kernel has no such namespace.
    /// </summary>
    public NamespaceId GetNamespaceId(int pid, NamespaceKind kind) => GetNamespaceId(PidDir(pid), kind);

    /// <summary>The identity of the reading process's own namespace (/proc/self/ns/KIND).</summary>
    public NamespaceId GetSelfNamespaceId(NamespaceKind kind) => GetNamespaceId(SelfDirectory, kind);

    private NamespaceId GetNamespaceId(string dir, NamespaceKind kind)
    {
        string path = $"{Root}/{dir}/ns/{NamespaceId.FileName(kind)}";
        try
        {
            FileStatus st = Sys.Stat(path);
            return new NamespaceId(st.Device, st.Inode);
        }
        catch (LinuxException e) when (e.Errno == Errno.ENOENT)
        {
            throw Gone(dir) ?? new LinuxException("stat", Errno.ENOENT, $"{path} (this kernel has no {NamespaceId.FileName(kind)} namespace link)");
        }
    }

    private string ReadText(string dir, string file)
    {
        using SafeFd fd = Open(dir, file, out string path);
        return Sys.ReadAllText(fd, subject: path);
    }

    /// <summary>For the files the kernel shows in one record (status, cgroup): one read (see <see cref="Sys.ReadWholeRecordInto"/>).</summary>
    private string ReadRecordText(string dir, string file)
    {
        using SafeFd fd = Open(dir, file, out string path);
        return Sys.ReadWholeRecordText(fd, subject: path);
    }

    private SafeFd Open(string dir, string file, out string path)
    {
        path = $"{Root}/{dir}/{file}";
        try
        {
            return Sys.Open(path, OpenFlags.O_RDONLY);
        }
        catch (LinuxException e) when (e.Errno == Errno.ENOENT)
        {
            throw Gone(dir) ?? e;
        }
    }

    /// <summary>ESRCH naming the pid when its /proc directory is gone, so callers can tell an exited process from a missing file.</summary>
    private LinuxException? Gone(string dir)
    {
        string pidDir = $"{Root}/{dir}";
        try
        {
            Sys.Stat(pidDir);
            return null;
        }
        catch (LinuxException e) when (e.Errno == Errno.ENOENT)
        {
            return new LinuxException("read", Errno.ESRCH, $"{pidDir} (process {dir} does not exist)");
        }
    }

    private static string PidDir(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        return pid.ToString(CultureInfo.InvariantCulture);
    }
}
