using System.Collections.Frozen;
using System.Globalization;
using CgManager.Core.Keys.Definitions;

namespace CgManager.Core.Keys;

/// <summary>
/// The key names of the 2013 RFC (docs/keys.md, "The RFC's names"), as aliases of the neutral keys: a name
/// resolves to the neutral key it means, so it reads, writes and fails the same. Three need more than a
/// rename: <c>cpus_number</c> and <c>cpus_fraction</c> (<see cref="CpuBandwidthKey"/>) and <c>hugetlb_*</c>, which
/// mean the machine's default huge page size.
/// </summary>
public static class RfcKeys
{
    /// <summary>RFC name → neutral key name (renames; <c>cpu_share_percent</c> is the weight, whose default is 100).</summary>
    public static IReadOnlyDictionary<string, string> Renames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cpus_allowed"] = "cpus.allowed",
        ["cpu_share_percent"] = "cpu.weight",
        ["swap.limit"] = "memory.swap.limit",
        ["devices_whitelist"] = "devices.allow",
        ["devices_blacklist"] = "devices.deny",
        ["devices_list"] = "devices.list",
        ["net_prio_index"] = "net_prio.prioidx",
        ["net_prio_interface_map"] = "net_prio.ifpriomap",
        ["net_classid"] = "net_cls.classid",
        ["blkio_weight"] = "io.weight",
        ["blkio_weight_device"] = "io.weight_device",
        ["blkio_throttle_read"] = "io.throttle",
        ["blkio_throttle_write"] = "io.throttle",
        ["memory.max_use"] = "memory.max_usage",
        ["swap.failcnt"] = "memory.swap.failcnt",
        ["swap.max_use"] = "memory.swap.max_usage",
        ["numa_stat"] = "memory.numa",
        ["cpuacct_stat"] = "cpu.usage",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>RFC hugetlb name → the neutral key's last part, for the default huge page size.</summary>
    private static readonly FrozenDictionary<string, string> HugetlbNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["hugetlb_limit"] = "limit",
        ["hugetlb_usage"] = "usage",
        ["hugetlb_max_usage"] = "max_usage",
        ["hugetlb_failcnt"] = "failcnt",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The huge page size the <c>hugetlb_*</c> names mean: the daemon sets it at start from /proc/meminfo
    /// (<see cref="DefaultHugePageSize"/>); 2MB, the x86-64 and arm64 default, until then.
    /// </summary>
    public static string HugePageSize { get; set; } = "2MB";

    /// <summary>Every RFC name this table knows, for documentation checks.</summary>
    public static IEnumerable<string> Names =>
        Renames.Keys.Concat(HugetlbNames.Keys).Concat(["cpus_number", "cpus_fraction", "swap.soft_limit"]);

    /// <summary>The neutral key an RFC name means (null if <paramref name="name"/> is not one).</summary>
    internal static KeyDefinition? TryGet(string name, Func<string, KeyDefinition?> neutral) => name switch
    {
        "cpus_number" => new CpuBandwidthKey(name, fraction: false),
        "cpus_fraction" => new CpuBandwidthKey(name, fraction: true),
        "swap.soft_limit" => new StatKey(name, null, null,
            unsupported: "no kernel has a soft limit for swap: v1 soft limits cover memory only, v2 has no memory.swap.low"),
        _ when Renames.TryGetValue(name, out string? target) => neutral(target),
        _ when HugetlbNames.TryGetValue(name, out string? part) => neutral($"hugetlb.{HugePageSize}.{part}"),
        _ => null,
    };

    /// <summary>The kernel's name for the default huge page size ("2MB") from /proc/meminfo's Hugepagesize; 2MB if absent.</summary>
    public static string DefaultHugePageSize(string meminfo)
    {
        ArgumentNullException.ThrowIfNull(meminfo);
        foreach (string line in KeyFiles.Lines(meminfo))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["Hugepagesize:", var kb, "kB"] && ulong.TryParse(kb, NumberStyles.None, CultureInfo.InvariantCulture, out ulong k) && k > 0)
            {
                return k % (1024 * 1024) == 0 ? $"{k / (1024 * 1024)}GB" : k % 1024 == 0 ? $"{k / 1024}MB" : $"{k}KB";
            }
        }

        return "2MB";
    }
}
