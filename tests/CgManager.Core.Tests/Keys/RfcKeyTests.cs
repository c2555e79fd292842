using CgManager.Core.Errors;
using CgManager.Core.Keys;
using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Tests.Keys;

/// <summary>The RFC's key names resolve to the neutral keys they mean; cpus_number and cpus_fraction convert.</summary>
public class RfcKeyTests
{
    private static Dictionary<string, string> Files(params (string File, string Text)[] files) =>
        files.ToDictionary(f => f.File, f => f.Text, StringComparer.Ordinal);

    [Theory]
    [InlineData("cpus_allowed", "cpus.allowed")]
    [InlineData("cpu_share_percent", "cpu.weight")]
    [InlineData("swap.limit", "memory.swap.limit")]
    [InlineData("devices_whitelist", "devices.allow")]
    [InlineData("devices_blacklist", "devices.deny")]
    [InlineData("devices_list", "devices.list")]
    [InlineData("net_classid", "net_cls.classid")]
    [InlineData("net_prio_interface_map", "net_prio.ifpriomap")]
    [InlineData("net_prio_index", "net_prio.prioidx")]
    [InlineData("blkio_weight", "io.weight")]
    [InlineData("blkio_throttle_read", "io.throttle")]
    [InlineData("memory.max_use", "memory.max_usage")]
    [InlineData("swap.failcnt", "memory.swap.failcnt")]
    [InlineData("swap.max_use", "memory.swap.max_usage")]
    [InlineData("numa_stat", "memory.numa")]
    [InlineData("cpuacct_stat", "cpu.usage")]
    public void Rfc_names_resolve_to_the_neutral_key(string rfc, string neutral) =>
        Assert.Equal(neutral, NeutralKeys.Resolve(rfc).Name);

    [Fact]
    public void Every_rfc_name_resolves() =>
        Assert.All(RfcKeys.Names, name => Assert.True(NeutralKeys.TryGet(name, out _), name));

    [Fact]
    public void Hugetlb_names_mean_the_default_page_size()
    {
        Assert.Equal("2MB", RfcKeys.DefaultHugePageSize("MemTotal: 1 kB\nHugepagesize:       2048 kB\n"));
        Assert.Equal("1GB", RfcKeys.DefaultHugePageSize("Hugepagesize:    1048576 kB\n"));
        Assert.Equal("64KB", RfcKeys.DefaultHugePageSize("Hugepagesize:    64 kB\n"));
        Assert.Matches(@"^hugetlb\.\d+[KMG]B\.limit$", NeutralKeys.Resolve("hugetlb_limit").Name);
        Assert.EndsWith(".failcnt", NeutralKeys.Resolve("hugetlb_failcnt").Name);
    }

    [Fact]
    public void Swap_soft_limit_is_not_supported_on_either_version()
    {
        var key = NeutralKeys.Resolve("swap.soft_limit");
        foreach (var version in new[] { CgroupVersion.V1, CgroupVersion.V2 })
        {
            var e = Assert.Throws<CgException>(() => key.FilesToRead(version));
            Assert.Equal(CgErrorKind.NotSupported, e.Kind);
            Assert.Contains("soft limit for swap", e.Message);
        }
    }

    [Fact]
    public void Cpu_share_percent_is_the_weight_so_fifty_percent_is_512_shares()
    {
        var key = NeutralKeys.Resolve("cpu_share_percent");
        Assert.Equal("512", Assert.Single(key.Write(CgroupVersion.V1, KeyValue.Of(50UL), Files(("cpu.shares", "1024")))).Text);
        Assert.Equal("50", Assert.Single(key.Write(CgroupVersion.V2, KeyValue.Of(50UL), Files(("cpu.weight", "100")))).Text);
    }

    [Fact]
    public void Cpus_number_writes_the_quota_for_the_period_in_force()
    {
        var key = NeutralKeys.Resolve("cpus_number");
        var v2 = Assert.Single(key.Write(CgroupVersion.V2, KeyValue.Of("1.5"), Files(("cpu.max", "max 50000"))));
        Assert.Equal(("cpu.max", "75000 50000"), (v2.File, v2.Text));
        var v1 = Assert.Single(key.Write(CgroupVersion.V1, KeyValue.Of(2UL), Files(("cpu.cfs_quota_us", "-1"), ("cpu.cfs_period_us", "100000"))));
        Assert.Equal(("cpu.cfs_quota_us", "200000"), (v1.File, v1.Text));
        Assert.Equal("-1", Assert.Single(key.Write(CgroupVersion.V1, KeyValue.Max, Files(("cpu.cfs_quota_us", "1000"), ("cpu.cfs_period_us", "100000")))).Text);
        Assert.Equal(1.5, key.Read(CgroupVersion.V2, Files(("cpu.max", "75000 50000"))).Real);
        Assert.True(key.Read(CgroupVersion.V2, Files(("cpu.max", "max 100000"))).IsMax);
    }

    [Fact]
    public void Cpus_fraction_is_a_percentage_of_the_cgroups_cpus()
    {
        var key = NeutralKeys.Resolve("cpus_fraction");
        var files = Files(("cpu.max", "max 100000"), ("cpuset.cpus.effective", "0-3"));
        var write = Assert.Single(key.Write(CgroupVersion.V2, KeyValue.Of(50UL), files)); // half of 4 CPUs
        Assert.Equal("200000 100000", write.Text);
        Assert.Equal(50.0, key.Read(CgroupVersion.V2, Files(("cpu.max", "200000 100000"), ("cpuset.cpus.effective", "0-3"))).Real);
        Assert.Equal(25.0, key.Read(CgroupVersion.V2, Files(("cpu.max", "200000 100000"), ("cpuset.cpus.effective", "0-7"))).Real);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("half")]
    public void Cpus_fraction_refuses_what_is_not_a_percentage(string value)
    {
        var key = NeutralKeys.Resolve("cpus_fraction");
        var e = Assert.Throws<CgException>(() => key.Write(CgroupVersion.V2, KeyValue.Of(value), Files(("cpu.max", "max 100000"), ("cpuset.cpus.effective", "0"))));
        Assert.Equal(CgErrorKind.InvalidArgument, e.Kind);
    }

    [Theory]
    [InlineData("0-3,8", 5)]
    [InlineData("0", 1)]
    [InlineData("", 0)]
    public void Cpu_lists_count_their_cpus(string list, int count) => Assert.Equal(count, CpuBandwidth.Count(list));
}
