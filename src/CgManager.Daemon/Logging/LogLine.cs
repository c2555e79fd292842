using System.Globalization;
using System.Text;

namespace CgManager.Daemon.Logging;

/// <summary>Formats one event as text or as a JSON object (no serializer: one flat object of strings and a number).</summary>
internal static class LogLine
{
    /// <summary>One line, without its newline.</summary>
    /// <param name="format">Text or JSON.</param>
    /// <param name="level">The event's level.</param>
    /// <param name="text">What happened.</param>
    /// <param name="withName">Text lines start with "cgmanager: " unless the sink names the program itself (journal, syslog).</param>
    /// <param name="now">The JSON "time".</param>
    public static string Format(LogFormat format, LogLevel level, string text, bool withName, DateTimeOffset now)
    {
        if (format == LogFormat.Text)
        {
            return withName ? $"cgmanager: {Log.LevelName(level)}: {text}" : $"{Log.LevelName(level)}: {text}";
        }

        var json = new StringBuilder(text.Length + 96);
        json.Append("{\"time\":\"").Append(now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Append("\",\"level\":\"").Append(Log.LevelName(level))
            .Append("\",\"pid\":").Append(Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
            .Append(",\"message\":\"");
        AppendEscaped(json, text);
        return json.Append("\"}").ToString();
    }

    /// <summary>JSON string escaping (RFC 8259 §7): quote, backslash and every control character.</summary>
    public static void AppendEscaped(StringBuilder json, string text)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                case '\r':
                    json.Append("\\r");
                    break;
                case '\t':
                    json.Append("\\t");
                    break;
                case < ' ':
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    json.Append(c);
                    break;
            }
        }
    }
}
