using System.Globalization;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Service;

/// <summary>
/// sd_listen_fds(3) without libsystemd: when LISTEN_PID is our pid, the listening socket is
/// inherited at fd 3 (SD_LISTEN_FDS_START), and served instead of binding our own. The manager
/// owns its path: we never unlink it and never shut the socket down.
/// </summary>
internal static class SocketActivation
{
    private const int FirstFd = 3;

    private static UnixSocket? s_inherited;

    /// <summary>The daemon serves an inherited socket (so it must leave the path and the socket alone at exit).</summary>
    public static bool Active { get; private set; }

    /// <summary>The inherited socket's address (path or @abstract), for the log.</summary>
    public static string? Address { get; private set; }

    /// <summary>
    /// Reads and clears LISTEN_PID/LISTEN_FDS/LISTEN_FDNAMES once, at start-up, so that no child
    /// mistakes them for its own. Throws InvalidOperationException (message for the user) when the
    /// variables are meant for us but the fd is not a listening AF_UNIX stream socket.
    /// </summary>
    public static void TakeFromEnvironment()
    {
        string? pid = Environment.GetEnvironmentVariable("LISTEN_PID");
        string? fds = Environment.GetEnvironmentVariable("LISTEN_FDS");
        string? names = Environment.GetEnvironmentVariable("LISTEN_FDNAMES");
        Environment.SetEnvironmentVariable("LISTEN_PID", null);
        Environment.SetEnvironmentVariable("LISTEN_FDS", null);
        Environment.SetEnvironmentVariable("LISTEN_FDNAMES", null);
        if (pid is null || fds is null ||
            !int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int listenPid) || listenPid != Environment.ProcessId)
        {
            return;
        }

        if (!int.TryParse(fds, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
        {
            return;
        }

        int chosen = Choose(count, names);
        try
        {
            s_inherited = UnixSocket.AdoptListening(chosen);
        }
        catch (LinuxException e)
        {
            throw new InvalidOperationException($"socket activation: fd {chosen} is not a listening AF_UNIX stream socket ({e.Message})");
        }

        for (int fd = FirstFd; fd < FirstFd + count; fd++)
        {
            if (fd != chosen)
            {
                // Not ours to serve, but keep it out of any child.
                try
                {
                    Sys.SetCloseOnExec(fd);
                }
                catch (LinuxException)
                {
                }
            }
        }

        if (count > 1)
        {
            Log.Warning($"socket activation passed {count} sockets; serving fd {chosen} only");
        }

        Address = s_inherited.LocalAddress();
        Active = true;
    }

    /// <summary>The inherited listening socket, once; null when not activated (then the daemon binds its own).</summary>
    public static UnixSocket? TakeListener()
    {
        var socket = s_inherited;
        s_inherited = null;
        return socket;
    }

    /// <summary>The fd named "cgmanager" in LISTEN_FDNAMES (FileDescriptorName=), else the first one.</summary>
    public static int Choose(int count, string? names)
    {
        string[] list = names?.Split(':') ?? [];
        for (int i = 0; i < Math.Min(count, list.Length); i++)
        {
            if (list[i] == "cgmanager")
            {
                return FirstFd + i;
            }
        }

        return FirstFd;
    }
}
