namespace CgManager.Daemon;

public enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}

/// <summary>Logs to stderr, one line per event, with a level; the daemon logs once per failed request.</summary>
internal static class Log
{
    private static readonly Lock Gate = new();

    public static LogLevel Threshold { get; set; } = LogLevel.Info;

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

        string name = level switch
        {
            LogLevel.Debug => "debug",
            LogLevel.Info => "info",
            LogLevel.Warning => "warning",
            _ => "error",
        };
        lock (Gate)
        {
            Console.Error.WriteLine($"cgmanager: {name}: {text}");
        }
    }
}
