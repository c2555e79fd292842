using System.Globalization;

namespace CgManager.Linux.Proc;

/// <summary>One line of /proc/PID/uid_map or gid_map: ids [Inside, Inside+Count) map to [Outside, Outside+Count).</summary>
public readonly record struct IdMapRange(uint Inside, uint Outside, uint Count);

/// <summary>A parsed uid_map or gid_map. Lookups are checked against wrap-around.</summary>
/// <remarks>
/// Parsing follows the kernel's own rules for writing a map (kernel/user_namespace.c): at most
/// <see cref="MaxLines"/> lines of three unsigned decimal numbers, a count of at least 1, neither range
/// reaching 2^32 (the kernel rejects <c>first + count</c> that wraps in 32 bits, including exactly 2^32,
/// so id 4294967295 is never mapped), and no two lines overlapping on either side. An empty text is a
/// valid map that maps nothing (a user namespace whose map has not been written yet).
/// </remarks>
public sealed class IdMap
{
    /// <summary>The kernel's limit on the number of lines in a map (since Linux 4.15).</summary>
    public const int MaxLines = 340;

    public IdMap(IReadOnlyList<IdMapRange> ranges) => Ranges = ranges;

    public IReadOnlyList<IdMapRange> Ranges { get; }

    /// <summary>The initial user namespace's map, "0 0 4294967295".</summary>
    public static IdMap Identity { get; } = new([new IdMapRange(0, 0, uint.MaxValue)]);

    /// <summary>True when this is exactly the initial namespace's map.</summary>
    public bool IsIdentity => Ranges.Count == 1 && Ranges[0] == new IdMapRange(0, 0, uint.MaxValue);

    /// <summary>Parses map text; throws FormatException (precise message) for malformed or wrapping lines.</summary>
    public static IdMap Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ranges = new List<IdMapRange>();
        string[] lines = text.Split('\n');
        int lineCount = lines.Length;
        if (lineCount > 0 && lines[^1].Length == 0)
        {
            lineCount--; // the final newline
        }

        if (lineCount > MaxLines)
        {
            throw new FormatException($"id map has {lineCount} lines; the kernel allows at most {MaxLines}");
        }

        for (int i = 0; i < lineCount; i++)
        {
            IdMapRange range = ParseLine(lines[i], i + 1);
            for (int j = 0; j < ranges.Count; j++)
            {
                if (Overlaps(range.Inside, range.Count, ranges[j].Inside, ranges[j].Count))
                {
                    throw new FormatException($"id map line {i + 1}: inside range overlaps line {j + 1}");
                }

                if (Overlaps(range.Outside, range.Count, ranges[j].Outside, ranges[j].Count))
                {
                    throw new FormatException($"id map line {i + 1}: outside range overlaps line {j + 1}");
                }
            }

            ranges.Add(range);
        }

        return new IdMap(ranges);
    }

    /// <summary>Host (outside) id to the id inside the namespace; false if unmapped.</summary>
    public bool TryMapToInside(uint hostId, out uint insideId)
    {
        foreach (IdMapRange range in Ranges)
        {
            if (IsSound(range) && Contains(range.Outside, range.Count, hostId))
            {
                insideId = range.Inside + (hostId - range.Outside);
                return true;
            }
        }

        insideId = 0;
        return false;
    }

    /// <summary>Inside id to the host (outside) id; false if unmapped.</summary>
    public bool TryMapToOutside(uint insideId, out uint hostId)
    {
        foreach (IdMapRange range in Ranges)
        {
            if (IsSound(range) && Contains(range.Inside, range.Count, insideId))
            {
                hostId = range.Outside + (insideId - range.Inside);
                return true;
            }
        }

        hostId = 0;
        return false;
    }

    /// <summary>A range whose inside or outside side wraps around 2^32 (possible only if built by hand) never matches.</summary>
    private static bool IsSound(IdMapRange range) =>
        (ulong)range.Inside + range.Count <= uint.MaxValue && (ulong)range.Outside + range.Count <= uint.MaxValue;

    private static bool Contains(uint first, uint count, uint id) => id >= first && (ulong)id < (ulong)first + count;

    private static bool Overlaps(uint firstA, uint countA, uint firstB, uint countB) =>
        (ulong)firstA < (ulong)firstB + countB && (ulong)firstB < (ulong)firstA + countA;

    private static IdMapRange ParseLine(string line, int number)
    {
        string[] fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 3)
        {
            throw new FormatException($"id map line {number}: expected 'inside outside count', got '{line}'");
        }

        uint inside = ParseField(fields[0], "inside", number);
        uint outside = ParseField(fields[1], "outside", number);
        uint count = ParseField(fields[2], "count", number);
        if (count == 0)
        {
            throw new FormatException($"id map line {number}: count is 0");
        }

        if ((ulong)inside + count > uint.MaxValue)
        {
            throw new FormatException($"id map line {number}: inside range {inside}+{count} wraps around 2^32");
        }

        if ((ulong)outside + count > uint.MaxValue)
        {
            throw new FormatException($"id map line {number}: outside range {outside}+{count} wraps around 2^32");
        }

        return new IdMapRange(inside, outside, count);
    }

    private static uint ParseField(string field, string name, int number)
    {
        foreach (char c in field)
        {
            if (c is < '0' or > '9')
            {
                throw new FormatException($"id map line {number}: {name} '{field}' is not an unsigned decimal number");
            }
        }

        if (!uint.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out uint value))
        {
            throw new FormatException($"id map line {number}: {name} '{field}' does not fit in 32 bits");
        }

        return value;
    }
}
