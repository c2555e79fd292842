using System.Globalization;

namespace CgManager.Core.Keys.Conversions;

/// <summary>
/// The kernel's usage files as numbers: flat keyed ("anon 4096"), nested keyed ("8:0 rbytes=1 wbytes=2", PSI's
/// "some avg10=0.00 ..."), v1 blkio ("8:0 Read 4096") and v1 numa_stat ("total=3 N0=3"). Lines that do not parse
/// are skipped, so a kernel that adds a field or a comment line does not break a key.
/// </summary>
public static class StatFiles
{
    /// <summary>"name value" lines (memory.stat, cpu.stat, memory.events, pids.events, memory.oom_control).</summary>
    public static Dictionary<string, ulong> Flat(string text)
    {
        var fields = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (string line in KeyFiles.Lines(text))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && TryNumber(parts[1], out ulong n))
            {
                fields.TryAdd(parts[0], n);
            }
        }

        return fields;
    }

    /// <summary>"head a=1 b=2" lines (io.stat, *.pressure, v2 memory.numa_stat), in file order.</summary>
    public static List<(string Head, Dictionary<string, string> Fields)> Nested(string text)
    {
        var rows = new List<(string, Dictionary<string, string>)>();
        foreach (string line in KeyFiles.Lines(text))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string part in parts.Skip(1))
            {
                int eq = part.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    fields.TryAdd(part[..eq], part[(eq + 1)..]);
                }
            }

            rows.Add((parts[0], fields));
        }

        return rows;
    }

    /// <summary>v1 numa_stat: "total=N N0=N N1=N" lines, the head before the first '='.</summary>
    public static List<(string Head, Dictionary<string, string> Fields)> NumaV1(string text) =>
        KeyFiles.Lines(text).Select(line =>
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            return eq > 0 ? Nested(line[..eq] + " " + line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]).Single() : (line, new Dictionary<string, string>());
        }).ToList();

    /// <summary>v1 blkio "MAJ:MIN Op N" lines: device → op (Read, Write, ...) → N; the "Total N" line is left out.</summary>
    public static Dictionary<string, Dictionary<string, ulong>> Blkio(string text)
    {
        var devices = new Dictionary<string, Dictionary<string, ulong>>(StringComparer.Ordinal);
        foreach (string line in KeyFiles.Lines(text))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[0].Contains(':', StringComparison.Ordinal) && TryNumber(parts[2], out ulong n))
            {
                if (!devices.TryGetValue(parts[0], out var ops))
                {
                    devices[parts[0]] = ops = new Dictionary<string, ulong>(StringComparer.Ordinal);
                }

                ops[parts[1]] = n;
            }
        }

        return devices;
    }

    public static bool TryNumber(string text, out ulong n) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n);

    public static bool TryReal(string text, out double d) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out d);
}
