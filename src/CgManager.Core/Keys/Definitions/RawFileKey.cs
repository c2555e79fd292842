using CgManager.Core.Paths;

namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// A kernel file name used as a key, as the old API did: read and written verbatim on whatever hierarchy the
/// caller's controller argument names. SetValue's deny list still applies.
/// </summary>
/// <remarks>
/// Restoring writes the old text back, which is exact for files that hold one value. Keyed files (<c>io.max</c>,
/// <c>blkio.throttle.*</c>, <c>net_prio.ifpriomap</c>) take one entry per write; use their neutral keys for an
/// exact restore.
/// </remarks>
internal sealed class RawFileKey : KeyDefinition
{
    public RawFileKey(string file)
        : base(file, KeyAccess.ReadWrite, null, null)
    {
    }

    public override bool IsRaw => true;

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) => [Name];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) => [Name];

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files) =>
        KeyValue.Verbatim(KeyFiles.Get(files, Name) ?? throw KeyErrors.WrongUse(Name, "no such file in this cgroup"));

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current)
    {
        KeyRules.ValidateSetValueKey(Name);
        return [new FileWrite(Name, value.Text.TrimEnd('\n'))];
    }
}
