using System.Globalization;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon;

/// <summary>
/// Makes the listening socket without trusting anything a user could have placed: the folder is
/// checked (<see cref="SocketFolder"/>), the socket is bound 0666 under a temporary name inside it
/// (its mode comes from the umask at bind, so there is no chmod by path afterwards) and renamed
/// over the final name, which replaces a stale socket or a planted symlink instead of following it.
/// A live daemon on the path is detected first. (Sockets inherited from systemd skip all this.)
/// </summary>
internal static class SocketSetup
{
    /// <summary>Umask during bind: the socket comes out 0666 (everyone may connect; identity comes from SO_PEERCRED).</summary>
    private const uint BindUmask = 0x49; // 0111

    /// <summary>Throws InvalidOperationException (message for the user) when the folder is unsafe or another daemon answers on the path.</summary>
    public static UnixSocket Listen(string path, int backlog)
    {
        string name = Path.GetFileName(path);
        if (name.Length == 0)
        {
            throw new InvalidOperationException($"the socket path {path} names a folder, not a socket");
        }

        using var folder = SocketFolder.Open(Path.GetDirectoryName(path) is { Length: > 0 } f ? f : ".");
        ReplaceableOrThrow(folder, name, path);
        string temporary = string.Create(CultureInfo.InvariantCulture, $".{name}.{Environment.ProcessId}.new");
        TryUnlink(folder, temporary);
        UnixSocket socket;
        uint previous = Sys.Umask(BindUmask); // process-wide, but start-up runs no other thread that creates files
        try
        {
            socket = UnixSocket.Listen(folder.Entry(temporary), backlog);
        }
        catch (LinuxException e)
        {
            throw new InvalidOperationException($"cannot listen on {path}: {e.Message}");
        }
        finally
        {
            Sys.Umask(previous);
        }

        try
        {
            Sys.RenameAt(folder.Fd, temporary, folder.Fd, name, path);
            return socket;
        }
        catch (LinuxException e)
        {
            socket.Dispose();
            TryUnlink(folder, temporary);
            throw new InvalidOperationException($"cannot put the socket in place at {path}: {e.Message}");
        }
    }

    /// <summary>Removes our socket at shutdown (through the folder's fd; a non-socket there is left alone).</summary>
    public static void Remove(string path)
    {
        try
        {
            using var folder = SocketFolder.Open(Path.GetDirectoryName(path) is { Length: > 0 } f ? f : ".");
            string name = Path.GetFileName(path);
            if (Sys.TryStatAt(folder.Fd, name, out var status) is null && status.Type == FileType.Socket)
            {
                Sys.UnlinkAt(folder.Fd, name);
            }
        }
        catch (Exception e) when (e is LinuxException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Log.Warning($"could not remove {path}: {e.Message}");
        }
    }

    public static bool Answers(string path)
    {
        try
        {
            using var probe = UnixSocket.Connect(path);
            return true;
        }
        catch (LinuxException)
        {
            return false;
        }
    }

    /// <summary>What is at the final name may be replaced: nothing, a stale socket, or a symlink (replaced, never followed).</summary>
    private static void ReplaceableOrThrow(SocketFolder folder, string name, string path)
    {
        if (Sys.TryStatAt(folder.Fd, name, out var status) is not null)
        {
            return;
        }

        switch (status.Type)
        {
            case FileType.Socket when Answers(folder.Entry(name)):
                throw new InvalidOperationException($"another daemon is already answering on {path}");
            case FileType.Socket:
                Log.Info($"removed stale socket {path}");
                return;
            case FileType.Symlink:
                Log.Warning($"replacing the symbolic link at {path} (it is not followed)");
                return;
            default:
                throw new InvalidOperationException($"{path} exists and is not a socket; refusing to replace it");
        }
    }

    private static void TryUnlink(SocketFolder folder, string name)
    {
        try
        {
            Sys.UnlinkAt(folder.Fd, name);
        }
        catch (LinuxException e) when (e.Errno == Errno.ENOENT)
        {
        }
    }
}
