using System.Globalization;

namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// <c>memory.failcnt</c>: how often usage hit the limit. v1 <c>memory.failcnt</c>; v2 the <c>max</c> entry of
/// <c>memory.events</c> ("the number of times the cgroup's memory usage was about to go over the max boundary",
/// cgroup-v2.rst), the nearest v2 counter. v1 counts every failed charge, v2 every time reclaim was needed at
/// the limit, so the figures are comparable in kind, not equal.
/// </summary>
internal sealed class FailCountKey : KeyDefinition
{
    public const string V1File = "memory.failcnt";
    public const string V2File = "memory.events";

    public FailCountKey()
        : base("memory.failcnt", KeyAccess.ReadOnly, "memory", "memory")
    {
    }

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) => [File(version)];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) => [];

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        string file = File(version);
        string text = KeyFiles.Require(files, file, Name);
        string? count = version == CgroupVersion.V1 ? text.Trim() : KeyFiles.Field(text, "max");
        return ulong.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n)
            ? KeyValue.Of(n)
            : throw KeyErrors.Unreadable(Name, file, text);
    }

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current) =>
        throw new InvalidOperationException("read-only keys are refused by the base class");

    private static string File(CgroupVersion version) => version == CgroupVersion.V1 ? V1File : V2File;
}
