using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon;

/// <summary>Makes the listening socket: folder 0755, stale socket removed, live daemon detected, socket 0666.</summary>
internal static class SocketSetup
{
    private const UnixFileMode FolderMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode SocketMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Throws InvalidOperationException (message for the user) when another daemon answers on the path.</summary>
    public static UnixSocket Listen(string path, int backlog)
    {
        string folder = Path.GetDirectoryName(path) ?? "/";
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, FolderMode);
        }

        if (File.Exists(path))
        {
            if (Answers(path))
            {
                throw new InvalidOperationException($"another daemon is already answering on {path}");
            }

            File.Delete(path);
            Log.Info($"removed stale socket {path}");
        }

        var socket = UnixSocket.Listen(path, backlog);
        File.SetUnixFileMode(path, SocketMode);
        return socket;
    }

    /// <summary>Removes our socket at shutdown.</summary>
    public static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            Log.Warning($"could not remove {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
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
}
