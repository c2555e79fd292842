namespace CgManager.Daemon.Service;

/// <summary>What the daemon tells its init system once it serves, and around a SIGHUP.</summary>
internal static class Readiness
{
    public static void Announce(DaemonOptions options, string status)
    {
        ServiceNotify.Ready(status);
        // The detached child of --daemon leaves readiness to its parent, which waits for the socket.
        if (options.ReadyFd is { } fd && !Detach.IsDetachedChild)
        {
            ReadyFd.Signal(fd);
        }
    }

    /// <summary>
    /// SIGHUP. There is no configuration file to re-read (every setting is an option); a log file
    /// is reopened so that logrotate can move it. Told to the manager as a reload, and logged.
    /// </summary>
    public static void Reload(string status)
    {
        ServiceNotify.Reloading();
        try
        {
            string? reopened = Log.Reopen();
            Log.Info(reopened is null
                ? "SIGHUP: no configuration file to re-read and no log file to reopen"
                : $"SIGHUP: reopened the log file {reopened}; no configuration file to re-read");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error($"SIGHUP: cannot reopen the log file: {e.Message}; still logging to the old one");
        }

        ServiceNotify.Ready(status);
    }
}
