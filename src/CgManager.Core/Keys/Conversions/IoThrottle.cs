using System.Globalization;

namespace CgManager.Core.Keys.Conversions;

/// <summary>
/// Per-device throttling. Neutral text is v2's <c>io.max</c>: one line per device,
/// "MAJ:MIN rbps=N wbps=N riops=N wiops=N", N a number or "max" (Documentation/admin-guide/cgroup-v2.rst,
/// "IO Interface Files"). v1 keeps one file per limit, "MAJ:MIN N" per line, 0 meaning none
/// (Documentation/admin-guide/cgroup-v1/blkio-controller.rst).
/// </summary>
public static class IoThrottle
{
    public const string V2File = "io.max";

    /// <summary>v2 field names by <see cref="IoLimitField"/>.</summary>
    public static IReadOnlyList<string> FieldNames { get; } = ["rbps", "wbps", "riops", "wiops"];

    /// <summary>v1 files by <see cref="IoLimitField"/>.</summary>
    public static IReadOnlyList<string> V1Files { get; } =
    [
        "blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
        "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
    ];

    /// <summary>
    /// A client's value: one line per device, each with at least one limit. bps limits take K, M, G or T
    /// suffixes. 0 is refused: v1 reads it as "no limit", v2 as "stop all I/O", so it means nothing neutral.
    /// </summary>
    /// <exception cref="Errors.CgException">InvalidArgument.</exception>
    public static IReadOnlyList<IoThrottleRequest> ParseRequest(KeyValue value, string key)
    {
        ArgumentNullException.ThrowIfNull(value);
        var requests = new List<IoThrottleRequest>();
        foreach (string line in KeyFiles.Lines(value.Text))
        {
            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (!DeviceNumber.TryParse(parts[0], out DeviceNumber device))
            {
                throw KeyErrors.BadValue(key, value, $"has '{parts[0]}' where a device MAJOR:MINOR belongs");
            }

            if (requests.Any(r => r.Device == device))
            {
                throw KeyErrors.BadValue(key, value, $"names device {device} twice");
            }

            if (parts.Length == 1)
            {
                throw KeyErrors.BadValue(key, value, $"sets no limit for device {device} (rbps=, wbps=, riops=, wiops=)");
            }

            var limits = new Dictionary<IoLimitField, ulong?>();
            foreach (string setting in parts.Skip(1))
            {
                (IoLimitField field, ulong? limit) = ParseSetting(setting, value, key);
                if (!limits.TryAdd(field, limit))
                {
                    throw KeyErrors.BadValue(key, value, $"sets {FieldNames[(int)field]} twice for device {device}");
                }
            }

            requests.Add(new IoThrottleRequest(device, limits));
        }

        return requests.Count > 0 ? requests : throw KeyErrors.BadValue(key, value, "names no device");
    }

    /// <summary>The limits in v2 <c>io.max</c> text (absent fields: no limit), or null if it is malformed.</summary>
    public static SortedDictionary<DeviceNumber, ulong?[]>? ParseV2(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var table = new SortedDictionary<DeviceNumber, ulong?[]>();
        foreach (string line in KeyFiles.Lines(text))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!DeviceNumber.TryParse(parts[0], out DeviceNumber device))
            {
                return null;
            }

            ulong?[] limits = Row(table, device);
            foreach (string setting in parts.Skip(1))
            {
                int eq = setting.IndexOf('=', StringComparison.Ordinal);
                int field = eq > 0 ? IndexOfField(setting[..eq]) : -1;
                if (field < 0 || !TryLimit(setting[(eq + 1)..], out ulong? limit))
                {
                    return null;
                }

                limits[field] = limit;
            }
        }

        return table;
    }

    /// <summary>Adds one v1 file's "MAJ:MIN N" lines to <paramref name="table"/>; false if the text is malformed.</summary>
    public static bool MergeV1(SortedDictionary<DeviceNumber, ulong?[]> table, IoLimitField field, string text)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(text);
        foreach (string line in KeyFiles.Lines(text))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !DeviceNumber.TryParse(parts[0], out DeviceNumber device)
                || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong limit))
            {
                return false;
            }

            Row(table, device)[(int)field] = limit == 0 ? null : limit;
        }

        return true;
    }

    /// <summary>The neutral text: one line per device, all four limits, devices in number order.</summary>
    public static string Format(SortedDictionary<DeviceNumber, ulong?[]> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return string.Join('\n', table.Select(row => FormatLine(row.Key, row.Value)));
    }

    /// <summary>"MAJ:MIN rbps=N wbps=max riops=max wiops=max".</summary>
    public static string FormatLine(DeviceNumber device, IReadOnlyList<ulong?> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return device + string.Concat(Enumerable.Range(0, FieldNames.Count).Select(i => $" {FieldNames[i]}={LimitText(limits[i])}"));
    }

    /// <summary>The v2 write for one request: only the limits it sets.</summary>
    public static string ToV2Line(IoThrottleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Device + string.Concat(request.Limits.OrderBy(l => l.Key).Select(l => $" {FieldNames[(int)l.Key]}={LimitText(l.Value)}"));
    }

    /// <summary>The v1 write for one limit: "MAJ:MIN N", 0 for none.</summary>
    public static string ToV1Line(DeviceNumber device, ulong? limit) =>
        $"{device} {(limit ?? 0).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A v2 limit: a number or "max".</summary>
    public static string LimitText(ulong? limit) =>
        limit is { } n ? n.ToString(CultureInfo.InvariantCulture) : ByteValues.V2Unlimited;

    private static (IoLimitField Field, ulong? Limit) ParseSetting(string setting, KeyValue value, string key)
    {
        int eq = setting.IndexOf('=', StringComparison.Ordinal);
        int field = eq > 0 ? IndexOfField(setting[..eq]) : -1;
        if (field < 0)
        {
            throw KeyErrors.BadValue(key, value, $"has '{setting}', not one of rbps=, wbps=, riops=, wiops=");
        }

        var limitValue = KeyValue.Of(setting[(eq + 1)..]);
        ulong? limit = field <= (int)IoLimitField.Wbps
            ? ByteValues.ParseRequest(limitValue, key)
            : limitValue.IsMax ? null : limitValue.IsNumber ? limitValue.Number
            : throw KeyErrors.BadValue(key, value, $"has '{setting}', whose limit is not a number or max");
        if (limit == 0)
        {
            throw KeyErrors.BadValue(key, value, $"has '{setting}': 0 is not a limit; use max to remove one");
        }

        return ((IoLimitField)field, limit);
    }

    private static int IndexOfField(string name)
    {
        for (int i = 0; i < FieldNames.Count; i++)
        {
            if (string.Equals(FieldNames[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryLimit(string text, out ulong? limit)
    {
        limit = null;
        if (text == ByteValues.V2Unlimited)
        {
            return true;
        }

        bool ok = ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n);
        limit = n;
        return ok;
    }

    private static ulong?[] Row(SortedDictionary<DeviceNumber, ulong?[]> table, DeviceNumber device)
    {
        if (!table.TryGetValue(device, out ulong?[]? row))
        {
            row = new ulong?[FieldNames.Count];
            table[device] = row;
        }

        return row;
    }
}
