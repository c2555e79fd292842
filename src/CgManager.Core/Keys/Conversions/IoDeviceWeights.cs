using System.Globalization;

namespace CgManager.Core.Keys.Conversions;

/// <summary>
/// Per-device proportional weights. Neutral text is one "MAJ:MIN WEIGHT" line per device, WEIGHT on the v2 scale
/// (1..10000, see <see cref="IoWeights"/>); a client writes "MAJ:MIN default" to remove a device's weight. The
/// kernel files list only devices with a weight of their own: v2 <c>io.weight</c> and <c>io.bfq.weight</c>
/// after their "default N" line, v1 <c>blkio.weight_device</c> and <c>blkio.bfq.weight_device</c> alone
/// (Documentation/admin-guide/cgroup-v2.rst "io.weight"; block/bfq-cgroup.c, bfq_io_set_device_weight).
/// </summary>
public static class IoDeviceWeights
{
    public const string DefaultWord = "default";

    /// <summary>
    /// A client's value: one line per device, "MAJ:MIN WEIGHT" (1..10000) or "MAJ:MIN default" (null weight).
    /// 0 is refused: CFQ reads it as "remove", BFQ and iocost refuse it, so it means nothing neutral.
    /// </summary>
    /// <exception cref="Errors.CgException">InvalidArgument.</exception>
    public static IReadOnlyList<KeyValuePair<DeviceNumber, ulong?>> ParseRequest(KeyValue value, string key)
    {
        ArgumentNullException.ThrowIfNull(value);
        var requests = new List<KeyValuePair<DeviceNumber, ulong?>>();
        foreach (string line in KeyFiles.Lines(value.Text))
        {
            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (!DeviceNumber.TryParse(parts[0], out DeviceNumber device))
            {
                throw KeyErrors.BadValue(key, value, $"has '{parts[0]}' where a device MAJOR:MINOR belongs");
            }

            if (parts.Length != 2)
            {
                throw KeyErrors.BadValue(key, value, $"needs one weight after device {device} (MAJ:MIN WEIGHT or MAJ:MIN default)");
            }

            if (requests.Any(r => r.Key == device))
            {
                throw KeyErrors.BadValue(key, value, $"names device {device} twice");
            }

            requests.Add(new(device, ParseWeight(parts[1], device, value, key)));
        }

        return requests.Count > 0 ? requests : throw KeyErrors.BadValue(key, value, "names no device");
    }

    /// <summary>
    /// The device lines of a kernel file as the kernel spells them (device → weight text), leaving out the
    /// "default N" line (and the bare default number older BFQ files show); null if a line is malformed.
    /// </summary>
    public static SortedDictionary<DeviceNumber, ulong>? ParseFile(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var table = new SortedDictionary<DeviceNumber, ulong>();
        foreach (string line in KeyFiles.Lines(text))
        {
            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] == DefaultWord || (parts.Length == 1 && IsNumber(parts[0], out _)))
            {
                continue;
            }

            if (parts.Length != 2 || !DeviceNumber.TryParse(parts[0], out DeviceNumber device) || !IsNumber(parts[1], out ulong weight))
            {
                return null;
            }

            table[device] = weight;
        }

        return table;
    }

    /// <summary>The neutral text: "MAJ:MIN WEIGHT" per device, in device order.</summary>
    public static string Format(SortedDictionary<DeviceNumber, ulong> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return string.Join('\n', weights.Select(w => FormatLine(w.Key, w.Value.ToString(CultureInfo.InvariantCulture))));
    }

    /// <summary>"MAJ:MIN TEXT", the one line a kernel file takes per write.</summary>
    public static string FormatLine(DeviceNumber device, string weight) => $"{device} {weight}";

    private static ulong? ParseWeight(string text, DeviceNumber device, KeyValue value, string key)
    {
        if (text == DefaultWord)
        {
            return null;
        }

        if (!IsNumber(text, out ulong weight) || weight > IoWeights.WeightMax)
        {
            throw KeyErrors.BadValue(key, value, $"gives device {device} '{text}', not a weight between {IoWeights.WeightMin} and {IoWeights.WeightMax} or default");
        }

        return weight >= IoWeights.WeightMin ? weight
            : throw KeyErrors.BadValue(key, value, $"gives device {device} weight 0; use '{device} default' to remove its weight");
    }

    private static bool IsNumber(string text, out ulong number) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number);
}
