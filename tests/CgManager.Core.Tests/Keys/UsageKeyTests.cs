using CgManager.Core.Errors;
using CgManager.Core.Keys;
using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Tests.Keys;

/// <summary>The usage keys of issue 16 over file contents as real kernels print them (6.x v1 and v2).</summary>
public class UsageKeyTests
{
    private static KeyValue Read(string key, CgroupVersion version, params (string File, string Text)[] files) =>
        NeutralKeys.Resolve(key).Read(version, files.ToDictionary(f => f.File, f => f.Text, StringComparer.Ordinal));

    private static ulong N(KeyValue record, params string[] path)
    {
        KeyValue value = record;
        foreach (string name in path)
        {
            value = value.Field(name) ?? throw new Xunit.Sdk.XunitException($"no field {name} in {value.Text}");
        }

        return value.Number;
    }

    [Fact]
    public void Cpu_usage_on_v1_is_cpuacct_nanoseconds_in_microseconds()
    {
        var v = Read("cpu.usage", CgroupVersion.V1, ("cpuacct.usage", "5000000"), ("cpuacct.usage_user", "3000999"), ("cpuacct.usage_sys", "2000000"));
        Assert.Equal(KeyValueKind.Fields, v.Kind);
        Assert.Equal(5000UL, N(v, "total_usec"));
        Assert.Equal(3000UL, N(v, "user_usec"));
        Assert.Equal(2000UL, N(v, "system_usec"));
    }

    [Fact]
    public void Cpu_usage_on_v2_is_cpu_stat()
    {
        var v = Read("cpu.usage", CgroupVersion.V2, ("cpu.stat", "usage_usec 123\nuser_usec 100\nsystem_usec 23\nnr_periods 0\n"));
        Assert.Equal("total_usec 123\nuser_usec 100\nsystem_usec 23", v.Text);
    }

    [Fact]
    public void Throttling_time_is_microseconds_on_both_versions()
    {
        var v1 = Read("cpu.throttling", CgroupVersion.V1, ("cpu.stat", "nr_periods 10\nnr_throttled 4\nthrottled_time 7000000\n"));
        var v2 = Read("cpu.throttling", CgroupVersion.V2, ("cpu.stat", "usage_usec 1\nnr_periods 10\nnr_throttled 4\nthrottled_usec 7000\n"));
        Assert.Equal(v1.Text, v2.Text);
        Assert.Equal(7000UL, N(v1, "throttled_usec"));
    }

    [Fact]
    public void Throttling_without_the_cpu_controller_says_so()
    {
        var e = Assert.Throws<CgException>(() => Read("cpu.throttling", CgroupVersion.V2, ("cpu.stat", "usage_usec 1\nuser_usec 1\nsystem_usec 0\n")));
        Assert.Equal(CgErrorKind.NotSupported, e.Kind);
        Assert.Contains("cpu controller", e.Message);
    }

    [Fact]
    public void Working_set_is_usage_minus_inactive_file_as_cadvisor_computes_it()
    {
        var v1 = Read("memory.working_set", CgroupVersion.V1, ("memory.usage_in_bytes", "10000"),
            ("memory.stat", "cache 1\ninactive_file 1\ntotal_cache 6000\ntotal_rss 4000\ntotal_inactive_file 2500\n"));
        Assert.Equal(7500UL, v1.Number);
        var v2 = Read("memory.working_set", CgroupVersion.V2, ("memory.current", "100"), ("memory.stat", "anon 10\ninactive_file 500\n"));
        Assert.Equal(0UL, v2.Number); // never below zero
    }

    [Fact]
    public void Memory_breakdown_names_the_same_fields_on_both_versions()
    {
        var v1 = Read("memory.breakdown", CgroupVersion.V1, ("memory.usage_in_bytes", "10000"), ("memory.kmem.usage_in_bytes", "300"),
            ("memory.stat", "total_cache 6000\ntotal_rss 4000\ntotal_shmem 10\ntotal_swap 0\ntotal_active_file 3500\ntotal_inactive_file 2500\n"));
        var v2 = Read("memory.breakdown", CgroupVersion.V2, ("memory.current", "10000"), ("memory.swap.current", "0"),
            ("memory.stat", "anon 4000\nfile 6000\nkernel 300\nshmem 10\nactive_file 3500\ninactive_file 2500\n"));
        Assert.Equal(v1.Text, v2.Text);
        Assert.Equal(["anon", "file", "kernel", "shmem", "swap", "active_file", "inactive_file", "usage", "working_set"], v1.Fields.Select(f => f.Key));
        Assert.Equal(7500UL, N(v1, "working_set"));
    }

    [Fact]
    public void Memory_events_on_v1_are_the_fail_count_and_oom_kills()
    {
        var v1 = Read("memory.event_counts", CgroupVersion.V1, ("memory.failcnt", "3"), ("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n"));
        Assert.Equal("max 3\noom_kill 2", v1.Text);
        var v2 = Read("memory.event_counts", CgroupVersion.V2, ("memory.events", "low 0\nhigh 1\nmax 3\noom 1\noom_kill 2\noom_group_kill 0\n"));
        Assert.Equal("low 0\nhigh 1\nmax 3\noom 1\noom_kill 2", v2.Text);
    }

    [Fact]
    public void Io_usage_is_per_device_bytes_and_operations()
    {
        var v1 = Read("io.usage", CgroupVersion.V1,
            ("blkio.throttle.io_service_bytes_recursive", "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:0 Total 12288\nTotal 12288\n"),
            ("blkio.throttle.io_serviced_recursive", "8:0 Read 1\n8:0 Write 2\nTotal 3\n"));
        var v2 = Read("io.usage", CgroupVersion.V2, ("io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n"));
        Assert.Equal(v1.Text, v2.Text);
        Assert.Equal(8192UL, N(v2, "8:0", "wbytes"));
    }

    [Fact]
    public void Pressure_is_some_and_full_with_averages_and_total()
    {
        var v = Read("pressure.memory", CgroupVersion.V2,
            ("memory.pressure", "some avg10=1.50 avg60=0.25 avg300=0.00 total=12345\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=10\n"));
        Assert.Equal(1.5, v.Field("some")!.Field("avg10")!.Real);
        Assert.Equal(KeyValueKind.Real, v.Field("some")!.Field("avg60")!.Kind);
        Assert.Equal(12345UL, N(v, "some", "total"));
        Assert.Equal(10UL, N(v, "full", "total"));
    }

    [Fact]
    public void Pressure_on_v1_is_not_supported_with_the_reason()
    {
        var e = Assert.Throws<CgException>(() => NeutralKeys.Resolve("pressure.cpu").FilesToRead(CgroupVersion.V1));
        Assert.Equal(CgErrorKind.NotSupported, e.Kind);
        Assert.Contains("only on cgroup v2", e.Message);
    }

    [Fact]
    public void Numa_on_v1_counts_pages_in_bytes_and_prefers_the_hierarchical_figures()
    {
        ulong page = (ulong)Environment.SystemPageSize;
        var v = Read("memory.numa", CgroupVersion.V1, ("memory.numa_stat",
            "total=3 N0=3\nfile=1 N0=1\nanon=2 N0=2\nunevictable=0 N0=0\nhierarchical_total=5 N0=5\nhierarchical_file=2 N0=2\nhierarchical_anon=3 N0=3\nhierarchical_unevictable=0 N0=0\n"));
        Assert.Equal(["total", "file", "anon", "unevictable"], v.Fields.Select(f => f.Key));
        Assert.Equal(5 * page, N(v, "total", "N0"));
        var v2 = Read("memory.numa", CgroupVersion.V2, ("memory.numa_stat", "anon N0=8192 N1=0\nfile N0=4096 N1=4096\n"));
        Assert.Equal(4096UL, N(v2, "file", "N1"));
    }

    [Fact]
    public void Swap_usage_on_v1_is_memsw_minus_memory_and_needs_swap_accounting()
    {
        Assert.Equal(500UL, Read("memory.swap.usage", CgroupVersion.V1, ("memory.memsw.usage_in_bytes", "1500"), ("memory.usage_in_bytes", "1000")).Number);
        var e = Assert.Throws<CgException>(() => Read("memory.swap.usage", CgroupVersion.V1, ("memory.usage_in_bytes", "1000")));
        Assert.Contains("swapaccount", e.Message);
        var peak = Assert.Throws<CgException>(() => NeutralKeys.Resolve("memory.swap.max_usage").FilesToRead(CgroupVersion.V1));
        Assert.Contains("memory.memsw.max_usage_in_bytes", peak.Message);
    }

    [Fact]
    public void Hugetlb_peak_and_failures_per_page_size()
    {
        Assert.Equal(4UL, Read("hugetlb.2MB.failcnt", CgroupVersion.V2, ("hugetlb.2MB.events", "max 4\n")).Number);
        Assert.Equal(4UL, Read("hugetlb.2MB.failcnt", CgroupVersion.V1, ("hugetlb.2MB.failcnt", "4")).Number);
        Assert.Equal(2097152UL, Read("hugetlb.1GB.max_usage", CgroupVersion.V1, ("hugetlb.1GB.max_usage_in_bytes", "2097152")).Number);
        Assert.Equal(CgErrorKind.NotSupported, Assert.Throws<CgException>(() => NeutralKeys.Resolve("hugetlb.2MB.max_usage").FilesToRead(CgroupVersion.V2)).Kind);
    }

    [Theory]
    [InlineData("cpu.usage")]
    [InlineData("memory.breakdown")]
    [InlineData("io.usage")]
    [InlineData("pressure.io")]
    [InlineData("cpuacct_stat")]
    public void Usage_keys_are_read_only(string key)
    {
        var e = Assert.Throws<CgException>(() => NeutralKeys.Resolve(key).FilesToReadBeforeWrite(CgroupVersion.V2));
        Assert.Equal(CgErrorKind.InvalidKey, e.Kind);
        Assert.Contains("read-only", e.Message);
    }

    [Fact]
    public void Unparseable_lines_are_skipped_not_fatal() =>
        Assert.Equal(2UL, StatFiles.Flat("# comment\nanon 2\nweird\n")["anon"]);
}
