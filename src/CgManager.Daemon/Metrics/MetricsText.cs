using System.Globalization;
using System.Text;

namespace CgManager.Daemon.Metrics;

/// <summary>
/// Prometheus' text exposition format 0.0.4: a HELP and a TYPE line per family, then its samples; label
/// values escaped (backslash, quote, newline). Written by hand: the format is a few rules, and the one
/// maintained .NET library (prometheus-net) grows the NativeAOT daemon by about 2 MB for what these lines do.
/// </summary>
internal sealed class MetricsText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    public void Family(string name, string type, string help) =>
        _text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
            .Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    public void Sample(string name, double value, params (string Name, string Value)[] labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    _text.Append(',');
                }

                _text.Append(labels[i].Name).Append("=\"");
                foreach (char c in labels[i].Value)
                {
                    // a character at a time, without a string for each: a scrape of 1,000 cgroups writes some 13,000 labels
                    switch (c)
                    {
                        case '\\':
                            _text.Append("\\\\");
                            break;
                        case '"':
                            _text.Append("\\\"");
                            break;
                        case '\n':
                            _text.Append("\\n");
                            break;
                        default:
                            _text.Append(c);
                            break;
                    }
                }

                _text.Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(Format(value)).Append('\n');
    }

    public override string ToString() => _text.ToString();

    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
