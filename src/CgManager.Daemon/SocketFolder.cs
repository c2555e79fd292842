using System.Globalization;
using CgManager.Linux;

namespace CgManager.Daemon;

/// <summary>
/// The folder that holds the daemon's socket, opened once without following a symlink and checked
/// through that fd: it must belong to the daemon's own user (root) and be writable by nobody else.
/// Whoever may write the folder may replace the socket and impersonate the daemon, or make the
/// daemon act on a file of their choosing, so any other folder is refused rather than repaired.
/// Every later step (stale check, bind, rename, removal) goes through this fd, never the path.
/// </summary>
internal sealed class SocketFolder : IDisposable
{
    /// <summary>Mode of a folder the daemon creates itself (the default /sys/fs/cgroup/cgmanager).</summary>
    public const uint CreatedMode = 0x1ed; // 0755

    /// <summary>Permission bits that let someone other than the owner add, remove or rename entries.</summary>
    private const uint WritableByOthers = 0x12; // 0022

    private SafeFd? _fd;

    private SocketFolder(string path, SafeFd fd)
    {
        Path = path;
        _fd = fd;
    }

    public string Path { get; }

    public SafeFd Fd => _fd ?? throw new ObjectDisposedException(nameof(SocketFolder));

    /// <summary>
    /// A path that names an entry of this very folder whatever happens to the folder's path
    /// meanwhile (through the fd's /proc link), for the calls that only take a path: bind, connect.
    /// </summary>
    public string Entry(string name) =>
        Directory.Exists("/proc/self/fd")
            ? string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{Fd.Fd}/{name}")
            : System.IO.Path.Combine(Path, name);

    /// <summary>Opens (creating it 0755 if missing) and checks the folder; InvalidOperationException says why it is refused.</summary>
    public static SocketFolder Open(string path)
    {
        if (!Directory.Exists(path) && !IsSymlink(path))
        {
            string? parent = System.IO.Path.GetDirectoryName(System.IO.Path.TrimEndingDirectorySeparator(path));
            if (!string.IsNullOrEmpty(parent))
            {
                Directory.CreateDirectory(parent);
            }

            try
            {
                Sys.MkdirAt(null, path, CreatedMode);
            }
            catch (LinuxException e) when (e.Errno == Errno.EEXIST)
            {
                // Made meanwhile by someone else: the checks below decide whether it is usable.
            }
        }

        SafeFd fd;
        try
        {
            fd = Sys.Open(path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW);
        }
        catch (LinuxException e) when (e.Errno == Errno.ELOOP || (e.Errno == Errno.ENOTDIR && IsSymlink(path)))
        {
            throw new InvalidOperationException($"refusing socket folder {path}: it is a symbolic link; give the folder it points to");
        }
        catch (LinuxException e)
        {
            throw new InvalidOperationException($"cannot open socket folder {path}: {e.Errno.Describe()}");
        }

        var folder = new SocketFolder(path, fd);
        try
        {
            folder.Check();
            return folder;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _fd?.Dispose();
        _fd = null;
    }

    private void Check()
    {
        var status = Sys.Fstat(Fd, Path);
        uint self = Sys.GetEuid();
        if (status.Uid != self)
        {
            throw new InvalidOperationException(
                $"refusing socket folder {Path}: it is owned by uid {status.Uid}, not by the daemon's user (uid {self}); " +
                "its owner could replace the socket. Use a folder owned by root and writable only by root");
        }

        if ((status.Permissions & WritableByOthers) != 0)
        {
            throw new InvalidOperationException(
                $"refusing socket folder {Path}: it is writable by group or others (mode {Convert.ToString(status.Permissions, 8)}); " +
                "they could replace the socket. Make it 0755 or stricter");
        }
    }

    private static bool IsSymlink(string path)
    {
        try
        {
            return Sys.FstatAt(null, path, AtFlags.AT_SYMLINK_NOFOLLOW).Type == FileType.Symlink;
        }
        catch (LinuxException)
        {
            return false;
        }
    }
}
