using CgManager.Linux;

namespace CgManager.Daemon.Service;

/// <summary>
/// Readiness on a descriptor, as s6 (notification-fd), dinit (ready-notification = pipefd:N) and
/// OpenRC's supervise-daemon (notify=fd:N) read it: one newline once the socket answers, then close.
/// </summary>
internal static class ReadyFd
{
    /// <summary>At start-up: the fd must be open (else the user hears at once), and no child may inherit it.</summary>
    public static void Check(int fd)
    {
        try
        {
            Sys.SetCloseOnExec(fd);
        }
        catch (LinuxException e)
        {
            throw new InvalidOperationException($"--ready-fd {fd}: not an open descriptor ({e.Errno.Describe()})");
        }
    }

    public static void Signal(int fd)
    {
        using var handle = new SafeFd(fd);
        try
        {
            Sys.WriteOnce(handle, "\n"u8, $"ready fd {fd}");
        }
        catch (LinuxException e)
        {
            Log.Warning($"cannot signal readiness on fd {fd}: {e.Message}");
        }
    }
}
