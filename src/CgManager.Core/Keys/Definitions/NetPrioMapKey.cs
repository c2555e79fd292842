namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// <c>net_prio.ifpriomap</c>: "IFACE PRIORITY" lines, v1 only (Documentation/admin-guide/cgroup-v1/net_prio.rst).
/// A write sets the named interfaces, one write each; others keep their priority.
/// </summary>
internal sealed class NetPrioMapKey : KeyDefinition
{
    public const string File = "net_prio.ifpriomap";

    public NetPrioMapKey()
        : base(File, KeyAccess.ReadWrite, "net_prio", null)
    {
    }

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) => [File];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) => [File];

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files) =>
        KeyValue.Verbatim(string.Join('\n', KeyFiles.Lines(KeyFiles.Require(files, File, Name))));

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current)
    {
        var writes = new List<FileWrite>();
        foreach (string line in KeyFiles.Lines(value.Text))
        {
            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || parts[0].Length > 15 || !uint.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                throw KeyErrors.BadValue(Name, value, $"has '{line}', which is not 'INTERFACE PRIORITY'");
            }

            writes.Add(new FileWrite(File, $"{parts[0]} {parts[1]}"));
        }

        return writes.Count > 0 ? writes : throw KeyErrors.BadValue(Name, value, "names no interface");
    }

    /// <summary>Each touched interface back to its old priority (0, the default, if it was not listed).</summary>
    private protected override IReadOnlyList<FileWrite> RestoreCore(CgroupVersion version, IReadOnlyDictionary<string, string> before, IReadOnlyList<FileWrite> attempted)
    {
        var old = KeyFiles.Lines(KeyFiles.Get(before, File) ?? string.Empty)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        return attempted
            .Reverse()
            .Select(w => w.Text.Split(' ')[0])
            .Distinct(StringComparer.Ordinal)
            .Select(iface => new FileWrite(File, $"{iface} {old.GetValueOrDefault(iface, "0")}"))
            .ToArray();
    }

    private protected override string UnsupportedReason(CgroupVersion version) =>
        "cgroup v2 has no net_prio controller; set SO_PRIORITY per socket or match the cgroup path in nftables/eBPF";
}
