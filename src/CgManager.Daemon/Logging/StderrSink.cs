using System.Globalization;
using CgManager.Linux;

namespace CgManager.Daemon.Logging;

/// <summary>
/// Lines on stderr. When stderr is the journal (JOURNAL_STREAM names its device and inode, as
/// systemd sets it for a service), each line starts with "&lt;N&gt;" so that the journal keeps
/// its priority, and the program name is left to the journal.
/// </summary>
internal sealed class StderrSink(LogFormat format, bool journal) : LogSink(format)
{
    public bool Journal { get; } = journal;

    public override void Write(LogLevel level, string text)
    {
        string line = LogLine.Format(Format, level, text, withName: !Journal, DateTimeOffset.Now);
        Console.Error.WriteLine(Journal ? $"<{Severity(level)}>{line}" : line);
    }

    /// <summary>True when JOURNAL_STREAM ("DEV:INO") is our stderr, not merely inherited by a child of a service.</summary>
    public static bool StderrIsJournal()
    {
        string? stream = Environment.GetEnvironmentVariable("JOURNAL_STREAM");
        if (stream is null || stream.Split(':') is not [var dev, var ino] ||
            !ulong.TryParse(dev, NumberStyles.None, CultureInfo.InvariantCulture, out ulong device) ||
            !ulong.TryParse(ino, NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode))
        {
            return false;
        }

        try
        {
            using var stderr = new SafeFd(2, ownsHandle: false);
            var status = Sys.Fstat(stderr, "stderr");
            return status.Device == device && status.Inode == inode;
        }
        catch (LinuxException)
        {
            return false;
        }
    }
}
