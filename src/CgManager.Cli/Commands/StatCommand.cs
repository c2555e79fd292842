using System.Globalization;
using System.Text.Json;
using CgManager.Cli.Output;
using CgManager.Client;

namespace CgManager.Cli.Commands;

/// <summary>
/// <c>cgm stat CGROUP</c>: every usage key of a cgroup (docs/keys.md, "Usage keys"), in human units, or raw
/// numbers with <c>--json</c>. A key this host cannot serve is shown with the daemon's reason instead of failing
/// the whole command; a missing cgroup or a refusal still fails it.
/// </summary>
internal static class StatCommand
{
    /// <summary>The usage keys, in the order shown.</summary>
    public static readonly string[] Keys =
    [
        "cpu.usage", "cpu.throttling", "memory.usage", "memory.max_usage", "memory.working_set", "memory.breakdown",
        "memory.event_counts", "memory.swap.usage", "memory.swap.max_usage", "memory.swap.failcnt", "memory.numa",
        "pids.current", "pids.event_counts", "io.usage", "pressure.cpu", "pressure.memory", "pressure.io",
    ];

    private static readonly string[] NeverMissing = ["org.linuxcontainers.cgmanager.Error.NoSuchCgroup", "org.linuxcontainers.cgmanager.Error.PermissionDenied"];

    public static async Task<int> Run(CommandContext c)
    {
        string cgroup = c.Arg(0);
        var client = await c.ClientAsync().ConfigureAwait(false);
        var values = new List<(string Key, object? Value, string? Why)>();
        foreach (string key in Keys)
        {
            try
            {
                var tree = await client.GetTreeAsync(cgroup, [key], depth: 0).ConfigureAwait(false);
                values.Add((key, tree[0].Values[key], null));
            }
            catch (CgManagerException e) when (!NeverMissing.Contains(e.ErrorName))
            {
                values.Add((key, null, e.Message));
            }
        }

        if (c.Json)
        {
            Json.Write(c.Out, w =>
            {
                foreach (var (key, value, why) in values)
                {
                    if (value is null)
                    {
                        w.WriteString(key, why);
                    }
                    else
                    {
                        w.WritePropertyName(key);
                        WriteJson(w, value);
                    }
                }
            });
            return Cli.Success;
        }

        foreach (var (key, value, why) in values)
        {
            c.Out.WriteLine(value is null ? $"{key}: {why}" : $"{key}: {Human(key, key, value)}");
        }

        return Cli.Success;
    }

    private static void WriteJson(Utf8JsonWriter w, object value)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object> record:
                w.WriteStartObject();
                foreach (var (name, field) in record)
                {
                    w.WritePropertyName(name);
                    WriteJson(w, field);
                }

                w.WriteEndObject();
                break;
            case ulong n: w.WriteNumberValue(n); break;
            case double d: w.WriteNumberValue(d); break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>Bytes as KiB/MiB/GiB, µs as seconds, averages as percent; records as "name value, ...".</summary>
    private static string Human(string key, string field, object value) => value switch
    {
        IReadOnlyDictionary<string, object> record => string.Join(", ", record.Select(f =>
            f.Value is IReadOnlyDictionary<string, object> ? $"{f.Key} [{Human(key, f.Key, f.Value)}]" : $"{f.Key} {Human(key, f.Key, f.Value)}")),
        double d => d.ToString("0.00", CultureInfo.InvariantCulture) + "%",
        ulong n when field.EndsWith("_usec", StringComparison.Ordinal) || (key.StartsWith("pressure.", StringComparison.Ordinal) && field == "total")
            => (n / 1e6).ToString("0.000", CultureInfo.InvariantCulture) + "s",
        ulong n when IsBytes(key, field) => Bytes(n),
        ulong n => n.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static bool IsBytes(string key, string field) =>
        key is "memory.usage" or "memory.max_usage" or "memory.working_set" or "memory.breakdown" or "memory.swap.usage"
            or "memory.swap.max_usage" or "memory.numa"
        || (key == "io.usage" && field.EndsWith("bytes", StringComparison.Ordinal));

    internal static string Bytes(ulong n) => n switch
    {
        >= 1UL << 30 => (n / (double)(1UL << 30)).ToString("0.0", CultureInfo.InvariantCulture) + "G",
        >= 1UL << 20 => (n / (double)(1UL << 20)).ToString("0.0", CultureInfo.InvariantCulture) + "M",
        >= 1UL << 10 => (n / (double)(1UL << 10)).ToString("0.0", CultureInfo.InvariantCulture) + "K",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
