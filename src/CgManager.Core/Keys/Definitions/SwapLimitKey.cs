using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// <c>memory.swap.limit</c>, swap alone: <c>memory.swap.max</c> on v2; on v1
/// <c>memory.memsw.limit_in_bytes</c> = memory limit + swap, read back as the difference.
/// </summary>
/// <remarks>
/// As runc's ConvertMemorySwapToCgroupV2Value in the other direction: a finite swap limit needs a finite memory
/// limit on v1 (memory+swap over unlimited memory means nothing), so it is refused until memory.limit is set.
/// v1 needs swap accounting (CONFIG_MEMCG_SWAP, swapaccount=1), without which the memsw file is absent.
/// </remarks>
internal sealed class SwapLimitKey : KeyDefinition
{
    public const string V2File = "memory.swap.max";

    private const string NoSwapAccounting =
        "memory.memsw.limit_in_bytes is absent: the kernel does not account swap (boot with swapaccount=1)";

    public SwapLimitKey()
        : base("memory.swap.limit", KeyAccess.ReadWrite, "memory", "memory")
    {
    }

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) =>
        version == CgroupVersion.V1 ? [MemoryLimitKey.V1File, MemoryLimitKey.V1SwapFile] : [V2File];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) =>
        version == CgroupVersion.V1 ? [MemoryLimitKey.V1SwapFile] : [V2File];

    private protected override IReadOnlyList<string> WriteInputFiles(CgroupVersion version) =>
        version == CgroupVersion.V1 ? [MemoryLimitKey.V1File] : [];

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        if (version == CgroupVersion.V2)
        {
            return ByteValues.ToValue(ByteValues.ParseFile(version, KeyFiles.Require(files, V2File, Name), Name, V2File));
        }

        ulong? both = ByteValues.ParseFile(version, KeyFiles.Require(files, MemoryLimitKey.V1SwapFile, Name, NoSwapAccounting), Name, MemoryLimitKey.V1SwapFile);
        ulong? memory = ByteValues.ParseFile(version, KeyFiles.Require(files, MemoryLimitKey.V1File, Name), Name, MemoryLimitKey.V1File);
        return both is { } b && memory is { } m ? KeyValue.Of(b - Math.Min(b, m)) : KeyValue.Max;
    }

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current)
    {
        ulong? swap = ByteValues.ParseRequest(value, Name);
        if (version == CgroupVersion.V2)
        {
            return [new FileWrite(V2File, ByteValues.Format(version, swap))];
        }

        KeyFiles.Require(current, MemoryLimitKey.V1SwapFile, Name, NoSwapAccounting);
        ulong? memory = ByteValues.ParseFile(version, KeyFiles.Require(current, MemoryLimitKey.V1File, Name), Name, MemoryLimitKey.V1File);
        if (swap is { } s && memory is null)
        {
            throw KeyErrors.Refused(Name, "on cgroup v1 a swap limit needs a memory limit first (v1 limits memory+swap together); set memory.limit");
        }

        ulong? both = swap is { } sw && memory is { } m && sw <= ByteValues.V1UnlimitedThreshold - m ? m + sw : null;
        return [new FileWrite(MemoryLimitKey.V1SwapFile, ByteValues.Format(version, both))];
    }
}
