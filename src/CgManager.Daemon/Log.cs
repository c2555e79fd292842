using CgManager.Daemon.Logging;

namespace CgManager.Daemon;

public enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}

/// <summary>
/// One line per event, with a level, to the sink chosen at start-up (stderr, the journal's
/// stderr, syslog or a file); the daemon logs once per failed request.
/// </summary>
internal static class Log
{
    private static readonly Lock Gate = new();
    private static LogSink s_sink = new StderrSink(LogFormat.Text, journal: false);

    public static LogLevel Threshold { get; set; } = LogLevel.Info;

    /// <summary>Where lines go from now on; the previous sink is closed.</summary>
    public static LogSink Sink
    {
        get => s_sink;
        set
        {
            lock (Gate)
            {
                var old = s_sink;
                s_sink = value;
                old.Dispose();
            }
        }
    }

    public static void Debug(string text) => Write(LogLevel.Debug, text);

    public static void Info(string text) => Write(LogLevel.Info, text);

    public static void Warning(string text) => Write(LogLevel.Warning, text);

    public static void Error(string text) => Write(LogLevel.Error, text);

    public static void Write(LogLevel level, string text)
    {
        if (level < Threshold)
        {
            return;
        }

        lock (Gate)
        {
            s_sink.Write(level, text);
        }
    }

    /// <summary>SIGHUP: a log file is closed and opened again (logrotate moved it); returns what was reopened, if anything.</summary>
    public static string? Reopen()
    {
        lock (Gate)
        {
            return s_sink.Reopen();
        }
    }

    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Debug => "debug",
        LogLevel.Info => "info",
        LogLevel.Warning => "warning",
        _ => "error",
    };
}
