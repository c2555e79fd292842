using CgManager.Core.Keys;

namespace CgManager.Core.Tests.Keys;

public class RoundTripTests
{
    public static TheoryData<string, string, string> BothVersions => new()
    {
        { "memory.limit", "268435456", "268435456" },
        { "memory.limit", "256M", "268435456" },
        { "memory.limit", "1g", "1073741824" },
        { "memory.limit", "max", "max" },
        { "memory.limit", "-1", "max" },
        { "memory.soft_limit", "134217728", "134217728" },
        { "memory.soft_limit", "max", "max" },
        { "cpu.weight", "100", "100" },
        { "cpu.weight", "1", "1" },
        { "cpu.weight", "37", "37" },
        { "cpu.weight", "10000", "10000" },
        { "cpu.quota", "50000 100000", "50000 100000" },
        { "cpu.quota", "max", "max 100000" },
        { "cpu.quota", "20000", "20000 100000" },
        { "cpu.quota", "max 250000", "max 250000" },
        { "cpu.quota", "-1 250000", "max 250000" },
        { "cpus.allowed", "0-1,3", "0-1,3" },
        { "cpus.allowed", " 0 - 1 ", "0-1" },
        { "mems.allowed", "0", "0" },
        { "pids.max", "100", "100" },
        { "pids.max", "max", "max" },
        { "io.weight", "100", "100" },
        { "io.weight", "250", "250" },
        { "io.throttle", "8:0 rbps=1048576 wiops=100", "8:0 rbps=1048576 wbps=max riops=max wiops=100" },
        { "io.throttle", "8:16 wbps=2M\n8:0 riops=50", "8:0 rbps=max wbps=max riops=50 wiops=max\n8:16 rbps=max wbps=2097152 riops=max wiops=max" },
        { "hugetlb.2MB.limit", "4M", "4194304" },
        { "hugetlb.2MB.limit", "max", "max" },
        { "freezer.state", "FROZEN", "FROZEN" },
        { "freezer.state", "frozen", "FROZEN" },
        { "freezer.state", "1", "FROZEN" },
        { "freezer.state", "THAWED", "THAWED" },
    };

    [Theory]
    [MemberData(nameof(BothVersions))]
    public void A_value_set_on_v1_reads_back_as_set(string key, string value, string expected) =>
        AssertRoundTrip(FakeCgroup.V1(), key, value, expected);

    [Theory]
    [MemberData(nameof(BothVersions))]
    public void A_value_set_on_v2_reads_back_as_set(string key, string value, string expected) =>
        AssertRoundTrip(FakeCgroup.V2(), key, value, expected);

    [Theory]
    [InlineData("net_cls.classid", "10:1", "1048577")]
    [InlineData("net_cls.classid", "0x100001", "1048577")]
    [InlineData("net_cls.classid", "1048577", "1048577")]
    [InlineData("net_prio.ifpriomap", "eth0 5", "lo 0\neth0 5")]
    [InlineData("memory.soft_limit", "64K", "65536")]
    public void V1_only_keys_round_trip_on_v1(string key, string value, string expected) =>
        AssertRoundTrip(FakeCgroup.V1(), key, value, expected);

    [Theory]
    [InlineData(CgroupVersion.V1)]
    [InlineData(CgroupVersion.V2)]
    public void Swap_alone_round_trips_once_memory_is_limited(CgroupVersion version)
    {
        var cgroup = FakeCgroup.Of(version);
        Assert.True(cgroup.Set("memory.limit", KeyValue.Of("256M")));
        Assert.True(cgroup.Set("memory.swap.limit", KeyValue.Of("64M")));
        Assert.Equal("67108864", cgroup.Get("memory.swap.limit").Text);
        Assert.Equal("268435456", cgroup.Get("memory.limit").Text);

        // the memory limit moves without changing the swap allowance, both ways
        Assert.True(cgroup.Set("memory.limit", KeyValue.Of("512M")));
        Assert.Equal("67108864", cgroup.Get("memory.swap.limit").Text);
        Assert.True(cgroup.Set("memory.limit", KeyValue.Of("128M")));
        Assert.Equal("67108864", cgroup.Get("memory.swap.limit").Text);
        Assert.Equal("134217728", cgroup.Get("memory.limit").Text);

        Assert.True(cgroup.Set("memory.swap.limit", KeyValue.Max));
        Assert.Equal("max", cgroup.Get("memory.swap.limit").Text);
    }

    [Theory]
    [InlineData(CgroupVersion.V1, "memory.limit", "max")]
    [InlineData(CgroupVersion.V2, "memory.limit", "max")]
    [InlineData(CgroupVersion.V1, "memory.swap.limit", "max")]
    [InlineData(CgroupVersion.V2, "memory.swap.limit", "max")]
    [InlineData(CgroupVersion.V1, "memory.soft_limit", "max")] // v1: no soft limit
    [InlineData(CgroupVersion.V2, "memory.soft_limit", "0")]   // v2: no protection; the same "nothing special"
    [InlineData(CgroupVersion.V1, "memory.usage", "1048576")]
    [InlineData(CgroupVersion.V2, "memory.usage", "1048576")]
    [InlineData(CgroupVersion.V1, "memory.max_usage", "2097152")]
    [InlineData(CgroupVersion.V2, "memory.max_usage", "2097152")]
    [InlineData(CgroupVersion.V1, "memory.failcnt", "3")]
    [InlineData(CgroupVersion.V2, "memory.failcnt", "3")]
    [InlineData(CgroupVersion.V1, "cpu.weight", "100")]
    [InlineData(CgroupVersion.V2, "cpu.weight", "100")]
    [InlineData(CgroupVersion.V1, "cpu.quota", "max 100000")]
    [InlineData(CgroupVersion.V2, "cpu.quota", "max 100000")]
    [InlineData(CgroupVersion.V1, "pids.current", "4")]
    [InlineData(CgroupVersion.V2, "pids.current", "4")]
    [InlineData(CgroupVersion.V1, "io.weight", "100")]
    [InlineData(CgroupVersion.V2, "io.weight", "100")]
    [InlineData(CgroupVersion.V1, "io.throttle", "")]
    [InlineData(CgroupVersion.V2, "io.throttle", "")]
    [InlineData(CgroupVersion.V1, "hugetlb.2MB.limit", "max")] // hugetlb's rounded PAGE_COUNTER_MAX
    [InlineData(CgroupVersion.V2, "hugetlb.2MB.limit", "max")]
    [InlineData(CgroupVersion.V1, "hugetlb.2MB.usage", "0")]
    [InlineData(CgroupVersion.V2, "hugetlb.2MB.usage", "0")]
    [InlineData(CgroupVersion.V1, "freezer.state", "THAWED")]
    [InlineData(CgroupVersion.V2, "freezer.state", "THAWED")]
    [InlineData(CgroupVersion.V1, "devices.list", "a *:* rwm")]
    [InlineData(CgroupVersion.V1, "net_cls.classid", "0")]
    public void A_fresh_cgroup_reads_the_kernel_defaults(CgroupVersion version, string key, string expected) =>
        Assert.Equal(expected, FakeCgroup.Of(version).Get(key).Text);

    [Theory]
    [InlineData("memory.usage", KeyValueKind.Number)]
    [InlineData("memory.limit", KeyValueKind.Max)]
    [InlineData("cpu.quota", KeyValueKind.Text)]
    [InlineData("freezer.state", KeyValueKind.Text)]
    public void Reads_say_whether_the_value_is_a_number_text_or_no_limit(string key, KeyValueKind kind)
    {
        Assert.Equal(kind, FakeCgroup.V1().Get(key).Kind);
        Assert.Equal(kind, FakeCgroup.V2().Get(key).Kind);
    }

    [Fact]
    public void A_v2_cgroup_asked_to_freeze_but_not_yet_frozen_reads_freezing()
    {
        var cgroup = FakeCgroup.V2();
        cgroup.Files["cgroup.freeze"] = "1\n";
        Assert.Equal("FREEZING", cgroup.Get("freezer.state").Text);
    }

    [Fact]
    public void Every_cpu_weight_survives_the_trip_through_v1_shares()
    {
        var cgroup = FakeCgroup.V1();
        for (ulong weight = 1; weight <= 10000; weight += weight < 300 ? 1UL : 37UL)
        {
            Assert.True(cgroup.Set("cpu.weight", KeyValue.Of(weight)));
            Assert.Equal(weight, cgroup.Get("cpu.weight").Number);
        }
    }

    private static void AssertRoundTrip(FakeCgroup cgroup, string key, string value, string expected)
    {
        Assert.True(cgroup.Set(key, KeyValue.Of(value)));
        Assert.Equal(expected, cgroup.Get(key).Text);
    }
}
