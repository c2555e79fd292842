using System.Globalization;

namespace CgManager.Linux.Proc;

/// <summary>
/// Shared pieces of the /proc parsers: splitting into numbered lines and building
/// FormatExceptions that say which file, which line and what was wrong, so that a
/// denial or a startup failure caused by unexpected kernel text can be diagnosed
/// from the message alone.
/// </summary>
internal static class ProcText
{
    /// <summary>Longest excerpt of an offending line quoted in a message.</summary>
    private const int MaxQuotedLineLength = 120;

    /// <summary>
    /// The lines of a kernel text file. Kernel files end with '\n', so an empty piece
    /// after the last '\n' is not a line; any other empty line is returned (and is
    /// malformed for every file we parse).
    /// </summary>
    internal static string[] Lines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        string[] lines = text.Split('\n');
        return lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    internal static FormatException Error(string file, int lineIndex, string line, string problem)
    {
        string quoted = line.Length > MaxQuotedLineLength ? string.Concat(line.AsSpan(0, MaxQuotedLineLength), "...") : line;
        return new FormatException(
            string.Create(CultureInfo.InvariantCulture, $"{file} line {lineIndex + 1}: {problem} (line is \"{quoted}\")"));
    }

    internal static FormatException Error(string file, string problem) => new($"{file}: {problem}");

    /// <summary>Strict decimal parse: digits only, no sign, no spaces, no leading '+'.</summary>
    internal static bool TryParseUInt32(ReadOnlySpan<char> s, out uint value) =>
        uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    internal static bool TryParseInt32(ReadOnlySpan<char> s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>Splits on runs of spaces and tabs, as /proc/PID/status and /proc/cgroups separate columns.</summary>
    internal static string[] Fields(ReadOnlySpan<char> s) =>
        s.ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
}
