using System.Collections.Frozen;

namespace CgManager.Core.Hierarchies;

/// <summary>The kernel controller names recognised in v1 mount options besides those /proc/cgroups lists (spec §6.3).</summary>
public static class KnownControllers
{
    public static FrozenSet<string> Names { get; } = new[]
    {
        "blkio", "cpuset", "cpu", "cpuacct", "debug", "devices", "freezer", "hugetlb",
        "memory", "net_cls", "net_prio", "perf_event", "pids", "rdma", "misc",
    }.ToFrozenSet(StringComparer.Ordinal);
}
