using CgManager.Daemon.Logging;

namespace CgManager.Daemon.Tests.Infrastructure;

/// <summary>
/// The daemon's log (a process-wide sink) captured for the whole test run. Test classes run in
/// parallel, so each test picks its own lines by a name only it uses (<see cref="Matching"/>).
/// </summary>
public static class LogCapture
{
    private static readonly CapturingSink Sink = Install();

    public static IReadOnlyList<(LogLevel Level, string Text)> Matching(string fragment) => Sink.Matching(fragment);

    /// <summary>Call before the daemon logs anything a test looks for.</summary>
    public static void EnsureInstalled() => _ = Sink;

    private static CapturingSink Install()
    {
        var sink = new CapturingSink();
        Log.Sink = sink;
        return sink;
    }

    private sealed class CapturingSink() : LogSink(LogFormat.Text)
    {
        private readonly List<(LogLevel Level, string Text)> _lines = [];

        public override void Write(LogLevel level, string text)
        {
            lock (_lines)
            {
                _lines.Add((level, text));
            }
        }

        public IReadOnlyList<(LogLevel Level, string Text)> Matching(string fragment)
        {
            lock (_lines)
            {
                return [.. _lines.Where(l => l.Text.Contains(fragment, StringComparison.Ordinal))];
            }
        }
    }
}
