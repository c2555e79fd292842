using CgManager.Daemon.Logging;

namespace CgManager.Daemon.Service;

/// <summary>Chooses the log's sink: --log-file, else syslog for --daemon, else stderr (the journal's when it is one).</summary>
internal static class LogSetup
{
    public static LogSink Choose(DaemonOptions options, bool detached)
    {
        if (options.LogFile is { } file)
        {
            return new FileSink(options.LogFormat, file);
        }

        if (detached)
        {
            // CGMANAGER_SYSLOG_SOCKET: another syslog socket than /dev/log (a container's, a test's).
            return new SyslogSink(options.LogFormat,
                Environment.GetEnvironmentVariable("CGMANAGER_SYSLOG_SOCKET") is { Length: > 0 } address ? address : SyslogSink.DefaultAddress);
        }

        return new StderrSink(options.LogFormat, StderrSink.StderrIsJournal());
    }
}
