using CgManager.Core.Keys;

namespace CgManager.Core.Tests.Keys;

/// <summary>The exact files and texts each key writes, in order.</summary>
public class WriteTests
{
    [Theory]
    [InlineData(CgroupVersion.V1, "memory.limit", "1G", "memory.limit_in_bytes <- \"1073741824\"")]
    [InlineData(CgroupVersion.V2, "memory.limit", "1G", "memory.max <- \"1073741824\"")]
    [InlineData(CgroupVersion.V1, "memory.limit", "max", "memory.limit_in_bytes <- \"-1\"")]
    [InlineData(CgroupVersion.V2, "memory.limit", "-1", "memory.max <- \"max\"")]
    [InlineData(CgroupVersion.V1, "memory.soft_limit", "max", "memory.soft_limit_in_bytes <- \"-1\"")]
    [InlineData(CgroupVersion.V2, "memory.soft_limit", "512M", "memory.low <- \"536870912\"")]
    [InlineData(CgroupVersion.V2, "memory.swap.limit", "0", "memory.swap.max <- \"0\"")]
    [InlineData(CgroupVersion.V1, "cpu.weight", "100", "cpu.shares <- \"1024\"")]
    [InlineData(CgroupVersion.V1, "cpu.weight", "1", "cpu.shares <- \"10\"")]
    [InlineData(CgroupVersion.V1, "cpu.weight", "10000", "cpu.shares <- \"102400\"")]
    [InlineData(CgroupVersion.V2, "cpu.weight", "250", "cpu.weight <- \"250\"")]
    [InlineData(CgroupVersion.V1, "cpu.quota", "50000 100000", "cpu.cfs_period_us <- \"100000\"|cpu.cfs_quota_us <- \"50000\"")]
    [InlineData(CgroupVersion.V1, "cpu.quota", "max", "cpu.cfs_quota_us <- \"-1\"")]
    [InlineData(CgroupVersion.V2, "cpu.quota", "50000 100000", "cpu.max <- \"50000 100000\"")]
    [InlineData(CgroupVersion.V2, "cpu.quota", "max", "cpu.max <- \"max\"")]
    [InlineData(CgroupVersion.V1, "cpus.allowed", "0-3, 8", "cpuset.cpus <- \"0-3,8\"")]
    [InlineData(CgroupVersion.V2, "mems.allowed", "", "cpuset.mems <- \"\"")]
    [InlineData(CgroupVersion.V1, "pids.max", "-1", "pids.max <- \"max\"")]
    [InlineData(CgroupVersion.V2, "pids.max", "64", "pids.max <- \"64\"")]
    [InlineData(CgroupVersion.V1, "io.weight", "100", "blkio.weight <- \"500\"")]
    [InlineData(CgroupVersion.V1, "io.weight", "1", "blkio.weight <- \"10\"")]
    [InlineData(CgroupVersion.V1, "io.weight", "10000", "blkio.weight <- \"1000\"")]
    [InlineData(CgroupVersion.V2, "io.weight", "100", "io.weight <- \"default 100\"")]
    [InlineData(CgroupVersion.V1, "io.throttle", "8:0 wbps=1M rbps=max", "blkio.throttle.read_bps_device <- \"8:0 0\"|blkio.throttle.write_bps_device <- \"8:0 1048576\"")]
    [InlineData(CgroupVersion.V1, "io.throttle", "8:0 riops=10 wiops=20", "blkio.throttle.read_iops_device <- \"8:0 10\"|blkio.throttle.write_iops_device <- \"8:0 20\"")]
    [InlineData(CgroupVersion.V2, "io.throttle", "8:0 wbps=1M rbps=max\n259:0 riops=7", "io.max <- \"8:0 rbps=max wbps=1048576\"|io.max <- \"259:0 riops=7\"")]
    [InlineData(CgroupVersion.V1, "hugetlb.1GB.limit", "2G", "hugetlb.1GB.limit_in_bytes <- \"2147483648\"")]
    [InlineData(CgroupVersion.V2, "hugetlb.64KB.limit", "max", "hugetlb.64KB.max <- \"max\"")]
    [InlineData(CgroupVersion.V1, "freezer.state", "thawed", "freezer.state <- \"THAWED\"")]
    [InlineData(CgroupVersion.V2, "freezer.state", "FROZEN", "cgroup.freeze <- \"1\"")]
    [InlineData(CgroupVersion.V2, "freezer.state", "0", "cgroup.freeze <- \"0\"")]
    [InlineData(CgroupVersion.V1, "devices.allow", "c 1:3 rwm\nb  8:*  r", "devices.allow <- \"c 1:3 rwm\"|devices.allow <- \"b 8:* r\"")]
    [InlineData(CgroupVersion.V1, "devices.deny", "a", "devices.deny <- \"a\"")]
    [InlineData(CgroupVersion.V1, "net_cls.classid", "10:", "net_cls.classid <- \"1048576\"")]
    [InlineData(CgroupVersion.V1, "net_prio.ifpriomap", "eth0 5\nlo 1", "net_prio.ifpriomap <- \"eth0 5\"|net_prio.ifpriomap <- \"lo 1\"")]
    public void Each_key_writes_exactly_these_files(CgroupVersion version, string key, string value, string expected)
    {
        var definition = NeutralKeys.Resolve(key);
        var current = new Dictionary<string, string>
        {
            ["blkio.weight"] = "500\n",
            ["io.weight"] = "default 100\n",
            ["memory.limit_in_bytes"] = "9223372036854771712\n",
        };
        var writes = definition.Write(version, KeyValue.Of(value), current);
        Assert.Equal(expected, string.Join('|', writes));
        Assert.All(writes, w => Assert.Contains(w.File, definition.FilesWritten(version)));
        Assert.All(definition.FilesWritten(version), f => Assert.Contains(f, definition.FilesToReadBeforeWrite(version)));
    }

    [Fact]
    public void A_v1_memory_limit_that_grows_raises_memory_plus_swap_first_keeping_the_swap_allowance()
    {
        var current = V1Memory(limit: "268435456", memsw: "335544320"); // 256M + 64M swap
        var writes = NeutralKeys.Resolve("memory.limit").Write(CgroupVersion.V1, KeyValue.Of("512M"), current);
        Assert.Equal(
            "memory.memsw.limit_in_bytes <- \"603979776\"|memory.limit_in_bytes <- \"536870912\"",
            string.Join('|', writes));
    }

    [Fact]
    public void A_v1_memory_limit_that_shrinks_lowers_memory_first()
    {
        var current = V1Memory(limit: "268435456", memsw: "335544320");
        var writes = NeutralKeys.Resolve("memory.limit").Write(CgroupVersion.V1, KeyValue.Of("128M"), current);
        Assert.Equal(
            "memory.limit_in_bytes <- \"134217728\"|memory.memsw.limit_in_bytes <- \"201326592\"",
            string.Join('|', writes));
    }

    [Fact]
    public void No_v1_memory_limit_lifts_the_swap_limit_too_since_memory_plus_swap_cannot_be_finite_then()
    {
        var current = V1Memory(limit: "268435456", memsw: "335544320");
        var writes = NeutralKeys.Resolve("memory.limit").Write(CgroupVersion.V1, KeyValue.Max, current);
        Assert.Equal("memory.memsw.limit_in_bytes <- \"-1\"|memory.limit_in_bytes <- \"-1\"", string.Join('|', writes));
    }

    [Theory]
    [InlineData(null)]                      // no swap accounting
    [InlineData("9223372036854771712")]     // no swap limit
    public void A_v1_memory_limit_without_a_swap_limit_writes_memory_alone(string? memsw)
    {
        var current = V1Memory(limit: "268435456", memsw: memsw);
        var writes = NeutralKeys.Resolve("memory.limit").Write(CgroupVersion.V1, KeyValue.Of("1G"), current);
        Assert.Equal("memory.limit_in_bytes <- \"1073741824\"", string.Join('|', writes));
    }

    [Fact]
    public void A_v1_swap_limit_is_memory_plus_swap()
    {
        var current = V1Memory(limit: "268435456", memsw: "9223372036854771712");
        var writes = NeutralKeys.Resolve("memory.swap.limit").Write(CgroupVersion.V1, KeyValue.Of("64M"), current);
        Assert.Equal("memory.memsw.limit_in_bytes <- \"335544320\"", string.Join('|', writes));
    }

    [Fact]
    public void V1_io_weight_uses_bfq_where_cfq_is_gone_on_the_same_scale_as_v2()
    {
        var current = new Dictionary<string, string> { ["blkio.bfq.weight"] = "100\n" };
        var writes = NeutralKeys.Resolve("io.weight").Write(CgroupVersion.V1, KeyValue.Of(5000UL), current);
        Assert.Equal("blkio.bfq.weight <- \"default 1000\"", string.Join('|', writes));
    }

    [Fact]
    public void V2_io_weight_uses_bfq_when_iocost_is_absent()
    {
        var current = new Dictionary<string, string> { ["io.bfq.weight"] = "default 100\n" };
        var writes = NeutralKeys.Resolve("io.weight").Write(CgroupVersion.V2, KeyValue.Of(300UL), current);
        Assert.Equal("io.bfq.weight <- \"default 300\"", string.Join('|', writes));
    }

    [Fact]
    public void Numbers_arrive_as_any_integer_type()
    {
        var key = NeutralKeys.Resolve("pids.max");
        Assert.Equal("pids.max <- \"10\"", key.Write(CgroupVersion.V2, KeyValue.Of(10L), Empty)[0].ToString());
        Assert.Equal("pids.max <- \"10\"", key.Write(CgroupVersion.V2, KeyValue.Of(10UL), Empty)[0].ToString());
        Assert.Equal("pids.max <- \"max\"", key.Write(CgroupVersion.V2, KeyValue.Of(-1L), Empty)[0].ToString());
    }

    private static readonly Dictionary<string, string> Empty = [];

    private static Dictionary<string, string> V1Memory(string limit, string? memsw)
    {
        var files = new Dictionary<string, string> { ["memory.limit_in_bytes"] = limit + "\n" };
        if (memsw is not null)
        {
            files["memory.memsw.limit_in_bytes"] = memsw + "\n";
        }

        return files;
    }
}
