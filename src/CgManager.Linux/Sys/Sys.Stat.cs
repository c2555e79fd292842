namespace CgManager.Linux;

public static unsafe partial class Sys
{
    /// <summary>statx(2) of a path; AT_SYMLINK_NOFOLLOW stats a link itself. A null dir means AT_FDCWD.</summary>
    public static FileStatus FstatAt(SafeFd? dir, string path, AtFlags flags = AtFlags.None, string? subject = null)
    {
        byte[] p = Interop.CPath(path);
        using var d = new FdLease(dir);
        Interop.statx_t st;
        fixed (byte* pp = p)
        {
            Check(Interop.statx(d.Value, pp, (int)flags, Interop.STATX_BASIC_STATS, &st), "stat", subject ?? path);
        }

        return ToFileStatus(in st);
    }

    /// <summary>
    /// statx(2) of a path relative to <paramref name="dir"/> without following a final symlink,
    /// reporting failure as an errno rather than an exception (for hot "does it exist" checks).
    /// </summary>
    public static Errno? TryStatAt(SafeFd dir, string path, out FileStatus status)
    {
        byte[] p = Interop.CPath(path);
        using var d = new FdLease(dir);
        Interop.statx_t st;
        int rc;
        fixed (byte* pp = p)
        {
            do
            {
                rc = Interop.statx(d.Value, pp, (int)AtFlags.AT_SYMLINK_NOFOLLOW, Interop.STATX_BASIC_STATS, &st);
            }
            while (rc < 0 && Errno.Last == Errno.EINTR);
        }

        if (rc < 0)
        {
            status = default;
            return Errno.Last;
        }

        status = ToFileStatus(in st);
        return null;
    }

    /// <summary>stat(2) of a path, following symlinks.</summary>
    public static FileStatus Stat(string path, string? subject = null) => FstatAt(null, path, AtFlags.None, subject);

    /// <summary>fstat(2) of an fd, including an O_PATH fd.</summary>
    public static FileStatus Fstat(SafeFd fd, string? subject = null) =>
        FstatAt(fd, string.Empty, AtFlags.AT_EMPTY_PATH, subject ?? "(fd)");

    /// <summary>statfs(2) f_type: the filesystem magic (see <see cref="FsMagic"/>).</summary>
    public static long StatFsType(string path, string? subject = null)
    {
        byte[] p = Interop.CPath(path);
        Interop.statfs_t buf;
        fixed (byte* pp = p)
        {
            Check(Interop.statfs(pp, &buf), "statfs", subject ?? path);
        }

        return buf.f_type;
    }

    /// <summary>fstatfs(2) f_type of an fd.</summary>
    public static long FstatFsType(SafeFd fd, string? subject = null)
    {
        using var d = new FdLease(fd);
        Interop.statfs_t buf;
        Check(Interop.fstatfs(d.Value, &buf), "fstatfs", subject ?? "(fd)");
        return buf.f_type;
    }

    private static FileStatus ToFileStatus(in Interop.statx_t st) =>
        new(st.stx_mode, st.stx_uid, st.stx_gid, st.stx_ino, Interop.makedev(st.stx_dev_major, st.stx_dev_minor), st.stx_nlink);
}
