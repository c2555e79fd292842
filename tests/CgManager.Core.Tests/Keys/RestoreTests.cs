using CgManager.Core.Keys;

namespace CgManager.Core.Tests.Keys;

/// <summary>All or nothing: when a write fails, the restore writes bring back the files as they were.</summary>
public class RestoreTests
{
    [Theory]
    [InlineData(CgroupVersion.V1, "memory.limit", "512M", "memory.limit_in_bytes")]
    [InlineData(CgroupVersion.V1, "memory.limit", "512M", "memory.memsw.limit_in_bytes")]
    [InlineData(CgroupVersion.V1, "memory.limit", "128M", "memory.limit_in_bytes")]
    [InlineData(CgroupVersion.V1, "memory.limit", "128M", "memory.memsw.limit_in_bytes")]
    [InlineData(CgroupVersion.V1, "cpu.quota", "30000 50000", "cpu.cfs_quota_us")]
    [InlineData(CgroupVersion.V1, "cpu.quota", "30000 50000", "cpu.cfs_period_us")]
    [InlineData(CgroupVersion.V2, "cpu.quota", "30000 50000", "cpu.max")]
    [InlineData(CgroupVersion.V1, "io.throttle", "8:0 rbps=1M wbps=2M riops=3 wiops=4", "blkio.throttle.read_iops_device")]
    [InlineData(CgroupVersion.V1, "io.throttle", "8:0 rbps=1M wbps=2M riops=3 wiops=4", "blkio.throttle.write_iops_device")]
    [InlineData(CgroupVersion.V2, "io.throttle", "8:0 rbps=1M\n8:16 wbps=5M", "io.max")]
    [InlineData(CgroupVersion.V1, "net_prio.ifpriomap", "eth0 5\nwlan0 2", "net_prio.ifpriomap")]
    [InlineData(CgroupVersion.V1, "io.weight", "300", "blkio.bfq.weight")]
    [InlineData(CgroupVersion.V2, "io.weight", "300", "io.weight")]
    [InlineData(CgroupVersion.V2, "freezer.state", "FROZEN", "cgroup.freeze")]
    [InlineData(CgroupVersion.V1, "devices.deny", "c 1:3 rwm\nc 1:5 rwm", "devices.deny")]
    public void A_failed_write_leaves_every_file_as_it_was(CgroupVersion version, string key, string value, string failing)
    {
        var cgroup = Prepared(version);
        var before = new Dictionary<string, string>(cgroup.Files);
        cgroup.FailOn = failing;
        Assert.False(cgroup.Set(key, KeyValue.Of(value)));
        cgroup.FailOn = null;
        foreach (var (file, text) in before)
        {
            Assert.Equal(Normal(text), Normal(cgroup.Files[file]));
        }
    }

    [Fact]
    public void Restoring_a_grown_v1_memory_limit_lowers_memory_before_memory_plus_swap()
    {
        var cgroup = Prepared(CgroupVersion.V1);
        cgroup.FailOn = "memory.limit_in_bytes";
        Assert.False(cgroup.Set("memory.limit", KeyValue.Of("512M")));
        Assert.Equal(
            "memory.memsw.limit_in_bytes <- \"603979776\"|memory.limit_in_bytes <- \"536870912\"|memory.limit_in_bytes <- \"268435456\"|memory.memsw.limit_in_bytes <- \"335544320\"",
            string.Join('|', cgroup.Log.Skip(cgroup.Log.Count - 4)));
    }

    [Fact]
    public void Restoring_a_throttle_removes_limits_on_devices_that_had_none()
    {
        var definition = NeutralKeys.Resolve("io.throttle");
        var before = new Dictionary<string, string> { ["io.max"] = "8:0 rbps=100 wbps=max riops=max wiops=max\n" };
        var attempted = definition.Write(CgroupVersion.V2, KeyValue.Of("8:0 wbps=5\n8:16 riops=9"), before);
        Assert.Equal(
            "io.max <- \"8:16 rbps=max wbps=max riops=max wiops=max\"|io.max <- \"8:0 rbps=100 wbps=max riops=max wiops=max\"",
            string.Join('|', definition.Restore(CgroupVersion.V2, before, attempted)));
    }

    [Fact]
    public void Restoring_v1_throttles_writes_zero_where_there_was_no_limit()
    {
        var definition = NeutralKeys.Resolve("io.throttle");
        var before = new Dictionary<string, string>
        {
            ["blkio.throttle.read_bps_device"] = "8:0 100\n",
            ["blkio.throttle.write_bps_device"] = "",
            ["blkio.throttle.read_iops_device"] = "",
            ["blkio.throttle.write_iops_device"] = "",
        };
        var attempted = definition.Write(CgroupVersion.V1, KeyValue.Of("8:0 rbps=7 wbps=8"), before);
        Assert.Equal(
            "blkio.throttle.write_bps_device <- \"8:0 0\"|blkio.throttle.read_bps_device <- \"8:0 100\"",
            string.Join('|', definition.Restore(CgroupVersion.V1, before, attempted)));
    }

    [Theory]
    [InlineData("a *:* rwm\n", "devices.allow <- \"a\"")]
    [InlineData("c 1:3 rwm\nb 8:* r\n", "devices.deny <- \"a\"|devices.allow <- \"c 1:3 rwm\"|devices.allow <- \"b 8:* r\"")]
    [InlineData("", "devices.deny <- \"a\"")]
    public void Restoring_device_rules_replays_the_old_list(string list, string expected)
    {
        var definition = NeutralKeys.Resolve("devices.allow");
        var before = new Dictionary<string, string> { ["devices.list"] = list };
        var attempted = definition.Write(CgroupVersion.V1, KeyValue.Of("c 10:200 rwm"), before);
        Assert.Equal(expected, string.Join('|', definition.Restore(CgroupVersion.V1, before, attempted)));
    }

    [Fact]
    public void A_v1_cgroup_caught_freezing_is_restored_frozen()
    {
        var definition = NeutralKeys.Resolve("freezer.state");
        var before = new Dictionary<string, string> { ["freezer.state"] = "FREEZING\n" };
        var attempted = definition.Write(CgroupVersion.V1, KeyValue.Of("THAWED"), before);
        Assert.Equal("freezer.state <- \"FROZEN\"", string.Join('|', definition.Restore(CgroupVersion.V1, before, attempted)));
    }

    [Fact]
    public void Io_weight_restores_the_default_line_only()
    {
        var definition = NeutralKeys.Resolve("io.weight");
        var before = new Dictionary<string, string> { ["io.weight"] = "default 80\n8:0 300\n" };
        var attempted = definition.Write(CgroupVersion.V2, KeyValue.Of(200UL), before);
        Assert.Equal("io.weight <- \"default 80\"", string.Join('|', definition.Restore(CgroupVersion.V2, before, attempted)));
    }

    [Fact]
    public void Nothing_attempted_means_nothing_to_restore() =>
        Assert.Empty(NeutralKeys.Resolve("memory.limit").Restore(CgroupVersion.V1, new Dictionary<string, string>(), []));

    /// <summary>A cgroup with settings in place, so that restoring has something other than defaults to bring back.</summary>
    private static FakeCgroup Prepared(CgroupVersion version)
    {
        var cgroup = FakeCgroup.Of(version);
        Assert.True(cgroup.Set("memory.limit", KeyValue.Of("256M")));
        Assert.True(cgroup.Set("memory.swap.limit", KeyValue.Of("64M")));
        Assert.True(cgroup.Set("cpu.quota", KeyValue.Of("20000 100000")));
        Assert.True(cgroup.Set("io.throttle", KeyValue.Of("8:0 rbps=1K wiops=9")));
        if (version == CgroupVersion.V1)
        {
            Assert.True(cgroup.Set("net_prio.ifpriomap", KeyValue.Of("eth0 3")));
            cgroup.Files["devices.list"] = "c 1:3 rwm\n";
        }

        cgroup.Log.Clear();
        return cgroup;
    }

    private static string Normal(string text) => string.Join('\n', text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
}
