using System.Text;

namespace CgManager.Linux;

public static unsafe partial class Sys
{
    /// <summary>Longest symlink target read; PATH_MAX.</summary>
    public const int MaxLinkTarget = 4096;

    /// <summary>mkdirat(2). The mode is subject to the umask, as with mkdir(1).</summary>
    public static void MkdirAt(SafeFd? dir, string path, uint mode, string? subject = null)
    {
        byte[] p = Interop.CPath(path);
        using var d = new FdLease(dir);
        fixed (byte* pp = p)
        {
            Check(Interop.mkdirat(d.Value, pp, mode), "mkdirat", subject ?? path);
        }
    }

    /// <summary>unlinkat(2); pass AT_REMOVEDIR to remove a directory. The last component is never followed.</summary>
    public static void UnlinkAt(SafeFd? dir, string path, AtFlags flags = AtFlags.None, string? subject = null)
    {
        byte[] p = Interop.CPath(path);
        using var d = new FdLease(dir);
        fixed (byte* pp = p)
        {
            Check(Interop.unlinkat(d.Value, pp, (int)flags), flags.HasFlag(AtFlags.AT_REMOVEDIR) ? "rmdir" : "unlinkat", subject ?? path);
        }
    }

    /// <summary>renameat(2).</summary>
    public static void RenameAt(SafeFd? oldDir, string oldPath, SafeFd? newDir, string newPath, string? subject = null)
    {
        byte[] o = Interop.CPath(oldPath);
        byte[] n = Interop.CPath(newPath);
        using var od = new FdLease(oldDir);
        using var nd = new FdLease(newDir);
        fixed (byte* op = o)
        fixed (byte* np = n)
        {
            Check(Interop.renameat(od.Value, op, nd.Value, np), "renameat", subject ?? $"{oldPath} -> {newPath}");
        }
    }

    /// <summary>fchownat(2). uint.MaxValue (-1) leaves that id unchanged.</summary>
    public static void FchownAt(SafeFd? dir, string path, uint uid, uint gid, AtFlags flags = AtFlags.None, string? subject = null)
    {
        byte[] p = Interop.CPath(path);
        using var d = new FdLease(dir);
        fixed (byte* pp = p)
        {
            Check(Interop.fchownat(d.Value, pp, uid, gid, (int)flags), "fchownat", subject ?? path);
        }
    }

    /// <summary>Changes the owner of the file an fd refers to; works on O_PATH fds (AT_EMPTY_PATH).</summary>
    public static void Fchown(SafeFd fd, uint uid, uint gid, string? subject = null) =>
        FchownAt(fd, string.Empty, uid, gid, AtFlags.AT_EMPTY_PATH, subject ?? "(fd)");

    /// <summary>
    /// fchmodat(2). AT_SYMLINK_NOFOLLOW is not supported by older glibc and kernels; to change
    /// the mode of something without following links, open it beneath with O_PATH and use <see cref="Fchmod"/>.
    /// </summary>
    public static void FchmodAt(SafeFd? dir, string path, uint mode, AtFlags flags = AtFlags.None, string? subject = null)
    {
        byte[] p = Interop.CPath(path);
        using var d = new FdLease(dir);
        fixed (byte* pp = p)
        {
            Check(Interop.fchmodat(d.Value, pp, mode, (int)flags), "fchmodat", subject ?? path);
        }
    }

    /// <summary>
    /// Changes the mode of the file an fd refers to, including an O_PATH fd (which fchmod(2)
    /// refuses): fchmodat2(fd, "", AT_EMPTY_PATH) on Linux 6.6+, else chmod of /proc/self/fd/N,
    /// the magic link to exactly that inode (what glibc itself does).
    /// </summary>
    public static void Fchmod(SafeFd fd, uint mode, string? subject = null)
    {
        using var d = new FdLease(fd);
        byte* empty = stackalloc byte[1];
        empty[0] = 0;
        int rc = Interop.fchmodat2(d.Value, empty, mode, (int)AtFlags.AT_EMPTY_PATH);
        if (rc == 0)
        {
            return;
        }

        // ENOSYS before 6.6; EINVAL if a kernel knows the call but not AT_EMPTY_PATH for it.
        if (Errno.Last is not (Errno.ENOSYS or Errno.EINVAL))
        {
            throw LinuxException.FromLast("fchmodat2", subject ?? "(fd)");
        }

        FchmodThroughProcFd(fd, mode, subject);
    }

    /// <summary>The pre-6.6 path of <see cref="Fchmod"/>; internal so that tests can run it on new kernels.</summary>
    internal static void FchmodThroughProcFd(SafeFd fd, uint mode, string? subject)
    {
        using var d = new FdLease(fd);
        FchmodAt(null, $"/proc/self/fd/{d.Value}", mode, AtFlags.None, subject ?? "(fd)");
    }

    /// <summary>readlinkat(2); the target, decoded as UTF-8.</summary>
    public static string ReadLinkAt(SafeFd? dir, string path, string? subject = null)
    {
        byte[] p = Interop.CPath(path);
        byte[] buffer = new byte[MaxLinkTarget];
        using var d = new FdLease(dir);
        nint n;
        fixed (byte* pp = p)
        fixed (byte* bp = buffer)
        {
            n = Interop.readlinkat(d.Value, pp, bp, (nuint)buffer.Length);
        }

        Check((int)n, "readlinkat", subject ?? path);
        if (n >= buffer.Length)
        {
            throw new LinuxException("readlinkat", Errno.ENAMETOOLONG, subject ?? path);
        }

        return Encoding.UTF8.GetString(buffer, 0, (int)n);
    }

    /// <summary>readlink(2) of an absolute or cwd-relative path.</summary>
    public static string ReadLink(string path, string? subject = null) => ReadLinkAt(null, path, subject);
}
