using System.Globalization;
using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// <c>io.weight</c>, the default proportional I/O weight, v2 scale 1..10000. v2 <c>io.weight</c> ("default N",
/// the iocost controller) or, where only BFQ offers weights, <c>io.bfq.weight</c>; v1 <c>blkio.weight</c> (CFQ,
/// gone since Linux 5.0) or <c>blkio.bfq.weight</c>. The first file present is used, see <see cref="IoWeights"/>.
/// </summary>
/// <remarks>
/// The key shares its name with the v2 file but only covers the default weight: per-device weights are
/// <see cref="IoWeightDeviceKey"/>'s. Written as "default N", which every kernel with io.weight takes.
/// </remarks>
internal sealed class IoWeightKey : KeyDefinition
{
    public const string V1File = "blkio.weight";
    public const string V1BfqFile = "blkio.bfq.weight";
    public const string V2File = "io.weight";
    public const string V2BfqFile = "io.bfq.weight";

    public IoWeightKey()
        : base("io.weight", KeyAccess.ReadWrite, "blkio", "io")
    {
    }

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) =>
        version == CgroupVersion.V1 ? [V1File, V1BfqFile] : [V2File, V2BfqFile];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) => ReadFiles(version);

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        (string file, bool bfq) = Choose(version, files);
        string text = KeyFiles.Get(files, file)!;
        string number = KeyFiles.Field(text, "default") ?? text.Trim(); // v1 and old BFQ files hold the bare number
        if (!ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out ulong weight))
        {
            throw KeyErrors.Unreadable(Name, file, text);
        }

        return KeyValue.Of(bfq ? IoWeights.BfqToWeight(weight)
            : version == CgroupVersion.V1 ? IoWeights.BlkioToWeight(weight) : weight);
    }

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current)
    {
        if (!value.IsNumber || value.Number is < IoWeights.WeightMin or > IoWeights.WeightMax)
        {
            throw KeyErrors.BadValue(Name, value, $"is not a weight between {IoWeights.WeightMin} and {IoWeights.WeightMax}");
        }

        (string file, bool bfq) = Choose(version, current);
        ulong weight = bfq ? IoWeights.WeightToBfq(value.Number)
            : version == CgroupVersion.V1 ? IoWeights.WeightToBlkio(value.Number) : value.Number;
        string text = weight.ToString(CultureInfo.InvariantCulture);
        return [new FileWrite(file, version == CgroupVersion.V2 || bfq ? "default " + text : text)];
    }

    /// <summary>Restores the default line only: the old file may list per-device weights, which one write cannot carry.</summary>
    private protected override IReadOnlyList<FileWrite> RestoreCore(CgroupVersion version, IReadOnlyDictionary<string, string> before, IReadOnlyList<FileWrite> attempted)
    {
        FileWrite last = attempted[^1];
        if (KeyFiles.Get(before, last.File) is not { } old)
        {
            return [];
        }

        string number = KeyFiles.Field(old, "default") ?? old.Trim();
        return [new FileWrite(last.File, last.Text.StartsWith("default ", StringComparison.Ordinal) ? "default " + number : number)];
    }

    private (string File, bool Bfq) Choose(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        (string main, string bfq) = version == CgroupVersion.V1 ? (V1File, V1BfqFile) : (V2File, V2BfqFile);
        return files.ContainsKey(main) ? (main, false)
            : files.ContainsKey(bfq) ? (bfq, true)
            : throw KeyErrors.NotSupported(Name, $"neither {main} nor {bfq} exists: no I/O scheduler with proportional weights (CFQ, BFQ or iocost)");
    }
}
