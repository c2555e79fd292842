namespace CgManager.Daemon.Logging;

/// <summary>Lines appended to a file (--log-file), reopened by name on SIGHUP so that logrotate can move it away.</summary>
internal sealed class FileSink : LogSink
{
    private StreamWriter _writer;

    public FileSink(LogFormat format, string path) : base(format)
    {
        Path = path;
        _writer = Open(path);
    }

    public string Path { get; }

    public override void Write(LogLevel level, string text)
    {
        try
        {
            _writer.WriteLine(LogLine.Format(Format, level, text, withName: true, DateTimeOffset.Now));
        }
        catch (IOException)
        {
            // A full disk must not stop the daemon; the next SIGHUP may find a better file.
        }
    }

    public override string? Reopen()
    {
        var fresh = Open(Path);
        _writer.Dispose();
        _writer = fresh;
        return Path;
    }

    public override void Dispose()
    {
        _writer.Dispose();
        base.Dispose();
    }

    /// <summary>Append, create 0640, every line flushed: a crash loses nothing that was logged.</summary>
    private static StreamWriter Open(string path)
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
        });
        return new StreamWriter(stream) { AutoFlush = true };
    }
}
