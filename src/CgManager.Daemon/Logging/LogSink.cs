namespace CgManager.Daemon.Logging;

/// <summary>The text of each line: the historical "cgmanager: LEVEL: text", or one JSON object per line.</summary>
public enum LogFormat
{
    Text,
    Json,
}

/// <summary>Where the log's lines go. Called under the log's lock, one line at a time.</summary>
internal abstract class LogSink : IDisposable
{
    protected LogSink(LogFormat format) => Format = format;

    public LogFormat Format { get; }

    public abstract void Write(LogLevel level, string text);

    /// <summary>Closes and reopens what can be (a file); returns its name, or null when there is nothing to reopen.</summary>
    public virtual string? Reopen() => null;

    public virtual void Dispose()
    {
    }

    /// <summary>syslog(3)'s severities, which the journal's "&lt;N&gt;" prefixes share.</summary>
    public static int Severity(LogLevel level) => level switch
    {
        LogLevel.Debug => 7,
        LogLevel.Info => 6,
        LogLevel.Warning => 4,
        _ => 3,
    };
}
