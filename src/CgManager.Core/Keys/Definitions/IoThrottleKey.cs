using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// <c>io.throttle</c>: per-device bps and iops limits, see <see cref="IoThrottle"/>. v2 <c>io.max</c>, one write per
/// device; v1 one write per limit to the <c>blkio.throttle.*_device</c> files.
/// </summary>
/// <remarks>
/// A write changes only the devices and limits it names, as <c>io.max</c> does. Restoring puts back each touched
/// limit of each touched device (a full line on v2, "MAJ:MIN 0" on v1 where there was none), since the files hold
/// one entry per device and take one entry per write.
/// </remarks>
internal sealed class IoThrottleKey : KeyDefinition
{
    public IoThrottleKey()
        : base("io.throttle", KeyAccess.ReadWrite, "blkio", "io")
    {
    }

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) =>
        version == CgroupVersion.V1 ? IoThrottle.V1Files : [IoThrottle.V2File];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) => ReadFiles(version);

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files) =>
        KeyValue.Verbatim(IoThrottle.Format(Table(version, files)));

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current)
    {
        var requests = IoThrottle.ParseRequest(value, Name);
        if (version == CgroupVersion.V2)
        {
            return requests.Select(r => new FileWrite(IoThrottle.V2File, IoThrottle.ToV2Line(r))).ToArray();
        }

        return requests
            .SelectMany(r => r.Limits.OrderBy(l => l.Key).Select(l => new FileWrite(IoThrottle.V1Files[(int)l.Key], IoThrottle.ToV1Line(r.Device, l.Value))))
            .ToArray();
    }

    private protected override IReadOnlyList<FileWrite> RestoreCore(CgroupVersion version, IReadOnlyDictionary<string, string> before, IReadOnlyList<FileWrite> attempted)
    {
        var old = Table(version, before);
        var restores = new List<FileWrite>();
        foreach (var (write, device) in DeviceWrites.LastFirstPerDevice(attempted))
        {
            ulong?[] limits = old.TryGetValue(device, out ulong?[]? row) ? row : new ulong?[IoThrottle.FieldNames.Count];
            if (version == CgroupVersion.V2)
            {
                restores.Add(new FileWrite(write.File, IoThrottle.FormatLine(device, limits)));
            }
            else
            {
                int field = IndexOf(IoThrottle.V1Files, write.File);
                restores.Add(new FileWrite(write.File, IoThrottle.ToV1Line(device, limits[field])));
            }
        }

        return restores;
    }

    private SortedDictionary<DeviceNumber, ulong?[]> Table(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        if (version == CgroupVersion.V2)
        {
            string text = KeyFiles.Require(files, IoThrottle.V2File, Name);
            return IoThrottle.ParseV2(text) ?? throw KeyErrors.Unreadable(Name, IoThrottle.V2File, text);
        }

        var table = new SortedDictionary<DeviceNumber, ulong?[]>();
        for (int i = 0; i < IoThrottle.V1Files.Count; i++)
        {
            string file = IoThrottle.V1Files[i];
            string text = KeyFiles.Require(files, file, Name);
            if (!IoThrottle.MergeV1(table, (IoLimitField)i, text))
            {
                throw KeyErrors.Unreadable(Name, file, text);
            }
        }

        return table;
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], item, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{item} is not a throttle file");
    }
}
