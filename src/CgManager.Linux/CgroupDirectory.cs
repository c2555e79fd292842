namespace CgManager.Linux;

/// <summary>
/// The one way into cgroupfs. Holds a directory fd (a hierarchy root or a cgroup) and reaches
/// everything else strictly beneath it: paths are relative, without "..", checked here, and
/// resolved by openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS) so that the
/// kernel refuses any escape. Operations that take a name in a directory (mkdir, rmdir) first
/// open the parent that way and then act on a single component; chown, chmod and stat act on an
/// O_PATH fd of the target, so no step re-resolves a path. Every fd is O_CLOEXEC.
/// Errors are <see cref="LinuxException"/>s naming the full path.
/// </summary>
public sealed class CgroupDirectory : IDisposable
{
    private const OpenFlags DirectoryHandle = OpenFlags.O_PATH | OpenFlags.O_DIRECTORY;

    private bool? _isCgroupFs;

    /// <summary>Takes ownership of a directory fd; <paramref name="path"/> is only used in messages.</summary>
    public CgroupDirectory(SafeFd fd, string path)
    {
        ArgumentNullException.ThrowIfNull(fd);
        ArgumentNullException.ThrowIfNull(path);
        Handle = fd;
        Path = path.Length > 1 ? path.TrimEnd('/') : path;
    }

    /// <summary>The directory fd (O_PATH, or O_RDONLY if the caller passed one).</summary>
    public SafeFd Handle { get; }

    /// <summary>The path this directory was reached by, for messages.</summary>
    public string Path { get; }

    /// <summary>Opens a directory by absolute path (the hierarchy mount point) as O_PATH|O_DIRECTORY.</summary>
    public static CgroupDirectory Open(string absolutePath)
    {
        ArgumentNullException.ThrowIfNull(absolutePath);
        if (!absolutePath.StartsWith('/'))
        {
            throw new ArgumentException($"path \"{absolutePath}\" is not absolute", nameof(absolutePath));
        }

        return new CgroupDirectory(Sys.Open(absolutePath, DirectoryHandle), absolutePath);
    }

    /// <summary>A child directory beneath this one, as its own handle.</summary>
    public CgroupDirectory OpenDirectory(string relativePath) =>
        new(Sys.OpenBeneath(Handle, relativePath, DirectoryHandle, subject: Describe(relativePath)), Describe(relativePath));

    /// <summary>Opens a file beneath this directory.</summary>
    public SafeFd OpenFile(string relativePath, OpenFlags flags) =>
        Sys.OpenBeneath(Handle, relativePath, flags, subject: Describe(relativePath));

    public byte[] ReadAllBytes(string relativePath, int maxBytes = Sys.DefaultMaxFileBytes)
    {
        using SafeFd fd = OpenFile(relativePath, OpenFlags.O_RDONLY);
        return Sys.ReadAll(fd, maxBytes, Describe(relativePath));
    }

    /// <summary>
    /// The file's text. cgroupfs shows every file in one seq_file record except the pid lists, which
    /// it shows a page at a time; so those are read to the end, and the others in one read when they
    /// fit (see <see cref="Sys.ReadWholeRecordInto"/>): one syscall fewer for each value read.
    /// </summary>
    public string ReadAllText(string relativePath, int maxBytes = Sys.DefaultMaxFileBytes)
    {
        using SafeFd fd = OpenFile(relativePath, OpenFlags.O_RDONLY);
        if (IsPidList(relativePath))
        {
            return Sys.ReadAllText(fd, maxBytes, Describe(relativePath));
        }

        return Sys.ReadWholeRecordText(fd, maxBytes, Describe(relativePath));
    }

    private static bool IsPidList(string relativePath)
    {
        string name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        return name is "cgroup.procs" or "tasks" or "cgroup.threads";
    }

    /// <summary>
    /// Writes one value with one write(2) (O_WRONLY|O_TRUNC, like the other cgroup managers), so
    /// the kernel's verdict on that value is the errno reported. The file must exist.
    /// </summary>
    public void WriteText(string relativePath, string value)
    {
        using SafeFd fd = OpenFile(relativePath, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);
        Sys.WriteText(fd, value, Describe(relativePath));
    }

    /// <summary>mkdir of the last component, in its parent opened beneath this directory. EEXIST is an error.</summary>
    public void CreateDirectory(string relativePath, uint mode)
    {
        if (IsCgroupFileSystem)
        {
            RelativePath.Validate(relativePath);
            Sys.MkdirAt(Handle, relativePath, mode, Describe(relativePath));
            return;
        }

        (string parent, string name) = RelativePath.SplitLast(relativePath);
        using SafeFd dir = Sys.OpenBeneath(Handle, parent, DirectoryHandle, subject: Describe(parent));
        Sys.MkdirAt(dir, name, mode, Describe(relativePath));
    }

    /// <summary>Like <see cref="CreateDirectory"/>, but false instead of an error if the name already exists.</summary>
    public bool TryCreateDirectory(string relativePath, uint mode)
    {
        try
        {
            CreateDirectory(relativePath, mode);
            return true;
        }
        catch (LinuxException e) when (e.Errno == Errno.EEXIST)
        {
            return false;
        }
    }

    /// <summary>rmdir of the last component, in its parent opened beneath this directory.</summary>
    public void RemoveDirectory(string relativePath)
    {
        if (IsCgroupFileSystem)
        {
            RelativePath.Validate(relativePath);
            Sys.UnlinkAt(Handle, relativePath, AtFlags.AT_REMOVEDIR, Describe(relativePath));
            return;
        }

        (string parent, string name) = RelativePath.SplitLast(relativePath);
        using SafeFd dir = Sys.OpenBeneath(Handle, parent, DirectoryHandle, subject: Describe(parent));
        Sys.UnlinkAt(dir, name, AtFlags.AT_REMOVEDIR, Describe(relativePath));
    }

    /// <summary>Changes the owner of a file or directory beneath (uint.MaxValue leaves an id unchanged).</summary>
    public void Chown(string relativePath, uint uid, uint gid)
    {
        if (IsCgroupFileSystem)
        {
            RelativePath.Validate(relativePath);
            Sys.FchownAt(Handle, relativePath, uid, gid, AtFlags.AT_SYMLINK_NOFOLLOW, Describe(relativePath));
            return;
        }

        using SafeFd fd = OpenFile(relativePath, OpenFlags.O_PATH);
        Sys.Fchown(fd, uid, gid, Describe(relativePath));
    }

    /// <summary>Changes the permission bits of a file or directory beneath.</summary>
    public void Chmod(string relativePath, uint mode)
    {
        using SafeFd fd = OpenFile(relativePath, OpenFlags.O_PATH);
        Sys.Fchmod(fd, mode, Describe(relativePath));
    }

    /// <summary>Stat of a file or directory beneath ("." for this directory); symlinks are refused, not followed.</summary>
    public FileStatus Stat(string relativePath = ".")
    {
        using SafeFd fd = OpenFile(relativePath, OpenFlags.O_PATH);
        return Sys.Fstat(fd, Describe(relativePath));
    }

    /// <summary>
    /// Like <see cref="Stat"/>, but null if the path does not exist (ENOENT or ENOTDIR). This is the hot
    /// "does it exist, who owns it" check: on a cgroup filesystem (see <see cref="IsCgroupFileSystem"/>)
    /// it is one statx relative to this directory, elsewhere an O_PATH open beneath it and fstat.
    /// </summary>
    public FileStatus? TryStat(string relativePath = ".")
    {
        if (!IsCgroupFileSystem)
        {
            try
            {
                return Stat(relativePath);
            }
            catch (LinuxException e) when (e.Errno is Errno.ENOENT or Errno.ENOTDIR)
            {
                return null;
            }
        }

        RelativePath.Validate(relativePath);
        switch (Sys.TryStatAt(Handle, relativePath, out var status))
        {
            case null:
                return status;
            case Errno.ENOENT or Errno.ENOTDIR:
                return null;
            case Errno errno:
                throw new LinuxException("stat", errno, Describe(relativePath));
        }
    }

    /// <summary>The entries of a directory beneath ("." for this one), without "." and "..".</summary>
    public IReadOnlyList<DirectoryEntry> ListEntries(string relativePath = ".")
    {
        using SafeFd fd = OpenFile(relativePath, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        return Sys.ReadDirectory(fd, Describe(relativePath));
    }

    /// <summary>
    /// True when this directory is on cgroupfs or cgroup2: such a filesystem cannot hold symlinks, so
    /// a validated relative path (no "..", not absolute) can only name something beneath, and the
    /// metadata calls (mkdir, rmdir, chown, stat) go straight to the *at() syscall relative to this fd,
    /// final component never followed, without opening the parent first — a third of the syscalls
    /// of a request. Files are still opened with openat2.
    /// </summary>
    public bool IsCgroupFileSystem => _isCgroupFs ??= FileSystemType is FsMagic.CGROUP_SUPER_MAGIC or FsMagic.CGROUP2_SUPER_MAGIC;

    /// <summary>statfs f_type of this directory's filesystem (see <see cref="FsMagic"/>).</summary>
    public long FileSystemType => Sys.FstatFsType(Handle, Path);

    public void Dispose() => Handle.Dispose();

    public override string ToString() => Path;

    private string Describe(string relativePath) =>
        relativePath is "." ? Path : Path == "/" ? "/" + relativePath : $"{Path}/{relativePath}";
}
