using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CgManager.Core.Errors;
using CgManager.Core.Keys.Codecs;
using CgManager.Core.Keys.Definitions;
using CgManager.Core.Paths;

namespace CgManager.Core.Keys;

/// <summary>
/// The version-neutral keys (docs/keys.md), and the way any key resolves: a neutral name first, then a raw kernel
/// file name, which keeps working as in the old API.
/// </summary>
/// <remarks>
/// Some neutral names are also kernel file names (<c>freezer.state</c>, <c>pids.max</c>, <c>cpu.weight</c>,
/// <c>io.weight</c>, <c>devices.allow</c>...). Each means the same as that file on the version where the file
/// exists, except <c>io.weight</c>, which reads the default weight alone (<c>io.weight_device</c> has the device lines).
/// </remarks>
public static class NeutralKeys
{
    private const string HugetlbPrefix = "hugetlb.";

    // One instance per key: the table and the lookup share them (declared in this order for static initialization).
    private static readonly KeyDefinition[] Table = Build();
    private static readonly FrozenDictionary<string, KeyDefinition> Fixed = Table.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>Every neutral key with a fixed name, in table order (hugetlb keys are per page size, see <see cref="Hugetlb"/>).</summary>
    public static IReadOnlyList<KeyDefinition> All { get; } = Array.AsReadOnly(Table);

    /// <summary>The neutral key <paramref name="name"/>, including <c>hugetlb.SIZE.limit</c> and <c>hugetlb.SIZE.usage</c>.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out KeyDefinition? key)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Fixed.TryGetValue(name, out key))
        {
            return true;
        }

        key = TryHugetlb(name, out string? size, out string? part) && IsPageSize(size) ? HugetlbKey(size, part)
            : RfcKeys.TryGet(name, n => TryGet(n, out KeyDefinition? target) ? target : null);
        return key is not null;
    }

    /// <summary>
    /// The definition for any key a client sends: a neutral key, or else a raw kernel file name.
    /// </summary>
    /// <exception cref="CgException">InvalidKey if it is neither (empty, <c>..</c>, a <c>/</c>, a bad hugetlb size...).</exception>
    public static KeyDefinition Resolve(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (TryGet(key, out KeyDefinition? neutral))
        {
            return neutral;
        }

        if (TryHugetlb(key, out string? size, out _))
        {
            throw new CgException(CgErrorKind.InvalidKey, $"{key}: '{size}' is not a huge page size such as 2MB or 1GB");
        }

        KeyRules.ValidateKey(key);
        return new RawFileKey(key);
    }

    /// <summary>hugetlb.SIZE.PART for PART limit, usage, max_usage or failcnt.</summary>
    private static KeyDefinition HugetlbKey(string size, string part) => part switch
    {
        "limit" => Hugetlb(size, isLimit: true),
        "usage" => Hugetlb(size, isLimit: false),
        "max_usage" => UsageKeys.HugetlbMaxUsage(HugetlbPrefix + size + "."),
        _ => UsageKeys.HugetlbFailCount(HugetlbPrefix + size + "."),
    };

    /// <summary>
    /// <c>hugetlb.SIZE.limit</c> (<c>hugetlb.SIZE.limit_in_bytes</c> ⇄ <c>hugetlb.SIZE.max</c>, bytes or max) or
    /// <c>hugetlb.SIZE.usage</c> (<c>usage_in_bytes</c> ⇄ <c>current</c>), SIZE as the kernel names it (2MB, 1GB, 64KB).
    /// </summary>
    public static KeyDefinition Hugetlb(string size, bool isLimit)
    {
        ArgumentNullException.ThrowIfNull(size);
        if (!IsPageSize(size))
        {
            throw new ArgumentException($"'{size}' is not a huge page size", nameof(size));
        }

        string stem = HugetlbPrefix + size + ".";
        return isLimit
            ? new FileKey(stem + "limit", KeyAccess.ReadWrite, BytesCodec.Instance, "hugetlb", stem + "limit_in_bytes", "hugetlb", stem + "max")
            : new FileKey(stem + "usage", KeyAccess.ReadOnly, CounterCodec.Instance, "hugetlb", stem + "usage_in_bytes", "hugetlb", stem + "current");
    }

    private static KeyDefinition[] Build() =>
    [
        new MemoryLimitKey(),
        new FileKey("memory.soft_limit", KeyAccess.ReadWrite, BytesCodec.Instance, "memory", "memory.soft_limit_in_bytes", "memory", "memory.low"),
        new SwapLimitKey(),
        new FileKey("memory.usage", KeyAccess.ReadOnly, CounterCodec.Instance, "memory", "memory.usage_in_bytes", "memory", "memory.current"),
        new FileKey("memory.max_usage", KeyAccess.ReadOnly, CounterCodec.Instance, "memory", "memory.max_usage_in_bytes", "memory", "memory.peak",
            whenMissing: "memory.peak is absent: cgroup v2 reports peak usage from Linux 5.19"),
        new FailCountKey(),
        new FileKey("cpu.weight", KeyAccess.ReadWrite, CpuWeightCodec.Instance, "cpu", "cpu.shares", "cpu", "cpu.weight"),
        new CpuQuotaKey(),
        new FileKey("cpus.allowed", KeyAccess.ReadWrite, CpuListCodec.Instance, "cpuset", "cpuset.cpus", "cpuset", "cpuset.cpus"),
        new FileKey("mems.allowed", KeyAccess.ReadWrite, CpuListCodec.Instance, "cpuset", "cpuset.mems", "cpuset", "cpuset.mems"),
        new FileKey("pids.max", KeyAccess.ReadWrite, CountLimitCodec.Instance, "pids", "pids.max", "pids", "pids.max"),
        new FileKey("pids.current", KeyAccess.ReadOnly, CounterCodec.Instance, "pids", "pids.current", "pids", "pids.current"),
        new IoWeightKey(),
        new IoWeightDeviceKey(),
        new IoThrottleKey(),
        new FreezerKey(),
        new DeviceRuleKey(DeviceRuleKey.AllowFile),
        new DeviceRuleKey(DeviceRuleKey.DenyFile),
        new FileKey(DeviceRuleKey.ListFile, KeyAccess.ReadOnly, TextCodec.Instance, "devices", DeviceRuleKey.ListFile, null, null,
            unsupported: DeviceRuleKey.NoV2),
        new FileKey("net_cls.classid", KeyAccess.ReadWrite, ClassIdCodec.Instance, "net_cls", "net_cls.classid", null, null,
            unsupported: "cgroup v2 has no net_cls controller; match the cgroup path in nftables (socket cgroupv2) or eBPF instead"),
        new NetPrioMapKey(),
        new FileKey("net_prio.prioidx", KeyAccess.ReadOnly, CounterCodec.Instance, "net_prio", "net_prio.prioidx", null, null,
            unsupported: "cgroup v2 has no net_prio controller; set SO_PRIORITY per socket or use nftables/eBPF on the cgroup path"),
        .. UsageKeys.Build(),
    ];

    private static readonly string[] HugetlbParts = ["limit", "usage", "max_usage", "failcnt"];

    /// <summary>"hugetlb.SIZE.PART" with any SIZE, PART one of <see cref="HugetlbParts"/>.</summary>
    private static bool TryHugetlb(string name, [NotNullWhen(true)] out string? size, [NotNullWhen(true)] out string? part)
    {
        size = null;
        part = HugetlbParts.FirstOrDefault(p => name.EndsWith("." + p, StringComparison.Ordinal));
        if (part is null || !name.StartsWith(HugetlbPrefix, StringComparison.Ordinal))
        {
            part = null;
            return false;
        }

        int end = name.Length - part.Length - 1;
        if (end < HugetlbPrefix.Length)
        {
            part = null;
            return false;
        }

        size = name[HugetlbPrefix.Length..end];
        return true;
    }

    /// <summary>The kernel's names for huge page sizes: a number and KB, MB or GB (mm/hugetlb_cgroup.c, mem_fmt).</summary>
    private static bool IsPageSize(string size) =>
        size.Length is > 2 and <= 8
        && size[^2..] is "KB" or "MB" or "GB"
        && int.TryParse(size.AsSpan(0, size.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
        && n > 0;
}
