using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// <c>memory.limit</c>: <c>memory.max</c> on v2; <c>memory.limit_in_bytes</c> on v1, where the swap allowance is
/// kept as it was by moving <c>memory.memsw.limit_in_bytes</c> along.
/// </summary>
/// <remarks>
/// The neutral model is v2's: memory and swap are limited separately (<c>memory.swap.limit</c> is swap alone).
/// v1 can only limit memory+swap, and refuses memory above memory+swap (EINVAL), so a v1 write raises
/// memory+swap first when the limit grows, and lowers it after when it shrinks: either order keeps
/// memory ≤ memory+swap at every step. No limit on memory lifts the swap limit too on v1, since memory+swap
/// cannot be finite there. Without swap accounting (no memsw file) or with no swap limit, only the memory file
/// is written.
/// </remarks>
internal sealed class MemoryLimitKey : KeyDefinition
{
    public const string V1File = "memory.limit_in_bytes";
    public const string V1SwapFile = "memory.memsw.limit_in_bytes";
    public const string V2File = "memory.max";

    public MemoryLimitKey()
        : base("memory.limit", KeyAccess.ReadWrite, "memory", "memory")
    {
    }

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) => [File(version)];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) =>
        version == CgroupVersion.V1 ? [V1File, V1SwapFile] : [V2File];

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        string file = File(version);
        return ByteValues.ToValue(ByteValues.ParseFile(version, KeyFiles.Require(files, file, Name), Name, file));
    }

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current)
    {
        ulong? limit = ByteValues.ParseRequest(value, Name);
        var memory = new FileWrite(File(version), ByteValues.Format(version, limit));
        if (version == CgroupVersion.V2 || KeyFiles.Get(current, V1SwapFile) is not { } swapText)
        {
            return [memory];
        }

        ulong? oldMemory = ByteValues.ParseFile(version, KeyFiles.Require(current, V1File, Name), Name, V1File);
        ulong? oldBoth = ByteValues.ParseFile(version, swapText, Name, V1SwapFile);
        if (oldBoth is not { } both || oldMemory is not { } old)
        {
            return [memory]; // no swap limit to keep
        }

        ulong swap = both - Math.Min(both, old);
        ulong? newBoth = limit is { } l && l <= ByteValues.V1UnlimitedThreshold - swap ? l + swap : null;
        var memsw = new FileWrite(V1SwapFile, ByteValues.Format(version, newBoth));
        return limit is null || limit > old ? [memsw, memory] : [memory, memsw];
    }

    private static string File(CgroupVersion version) => version == CgroupVersion.V1 ? V1File : V2File;
}
