namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// A read-only usage key: files to read on each version and a function from their contents to the value
/// (usually a record, <see cref="KeyValue.Fields"/>). Files a reader can do without may be absent.
/// </summary>
internal sealed class StatKey : KeyDefinition
{
    public delegate KeyValue Reader(IReadOnlyDictionary<string, string> files, string key);

    private readonly Side? _v1;
    private readonly Side? _v2;
    private readonly string? _unsupported;

    public StatKey(string name, Side? v1, Side? v2, string? unsupported = null)
        : base(name, KeyAccess.ReadOnly, v1?.Controller, v2?.Controller)
    {
        _v1 = v1;
        _v2 = v2;
        _unsupported = unsupported;
    }

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) => SideOf(version).Files;

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) => [];

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files) =>
        SideOf(version).Read(files, Name);

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current) =>
        throw new InvalidOperationException("read-only keys are refused by the base class");

    private protected override string UnsupportedReason(CgroupVersion version) => _unsupported ?? base.UnsupportedReason(version);

    private Side SideOf(CgroupVersion version) =>
        (version == CgroupVersion.V1 ? _v1 : _v2) ?? throw new InvalidOperationException("checked by the base class");

    /// <summary>How one version serves the key: the controller (or <c>unified</c>), its files, the reader.</summary>
    internal sealed record Side(string Controller, string[] Files, Reader Read);
}
