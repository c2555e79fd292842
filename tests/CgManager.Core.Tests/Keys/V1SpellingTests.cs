using CgManager.Core.Errors;
using CgManager.Core.Keys;

namespace CgManager.Core.Tests.Keys;

/// <summary>v1 file names on a v2 cgroup through the neutral keys, read and written the v1 way (issue 11).</summary>
public class V1SpellingTests
{
    private static V1Spelling Of(string file) => V1Spelling.TryGet(file, out var s) ? s : throw new InvalidOperationException(file);

    private static Dictionary<string, string> V2(params (string File, string Text)[] files)
    {
        var fake = FakeCgroup.V2();
        foreach (var (file, text) in files)
        {
            fake.Files[file] = text + "\n";
        }

        return fake.Files.ToDictionary(kv => kv.Key, kv => kv.Value.TrimEnd('\n'), StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("memory.limit_in_bytes", "memory.max", "max", "9223372036854771712")]
    [InlineData("memory.limit_in_bytes", "memory.max", "268435456", "268435456")]
    [InlineData("memory.soft_limit_in_bytes", "memory.low", "0", "0")]
    [InlineData("memory.soft_limit_in_bytes", "memory.low", "max", "9223372036854771712")]
    [InlineData("memory.usage_in_bytes", "memory.current", "1048576", "1048576")]
    [InlineData("memory.max_usage_in_bytes", "memory.peak", "2097152", "2097152")]
    [InlineData("cpu.shares", "cpu.weight", "100", "1024")]
    [InlineData("cpu.cfs_quota_us", "cpu.max", "max 100000", "-1")]
    [InlineData("cpu.cfs_quota_us", "cpu.max", "50000 100000", "50000")]
    [InlineData("cpu.cfs_period_us", "cpu.max", "50000 200000", "200000")]
    [InlineData("freezer.state", "cgroup.freeze", "0", "THAWED")]
    [InlineData("hugetlb.2MB.limit_in_bytes", "hugetlb.2MB.max", "max", "9223372036854771712")]
    public void A_v1_name_reads_as_v1_would_show_the_v2_state(string v1File, string v2File, string v2Text, string v1Text) =>
        Assert.Equal(v1Text, Of(v1File).Read(V2((v2File, v2Text))));

    [Fact]
    public void A_frozen_v2_cgroup_reads_FROZEN_and_one_on_its_way_FREEZING()
    {
        Assert.Equal("FROZEN", Of("freezer.state").Read(V2(("cgroup.freeze", "1"), ("cgroup.events", "populated 1\nfrozen 1"))));
        Assert.Equal("FREEZING", Of("freezer.state").Read(V2(("cgroup.freeze", "1"), ("cgroup.events", "populated 1\nfrozen 0"))));
    }

    [Theory]
    [InlineData("max", "max", "9223372036854771712")]                 // no limits: memory+swap none either
    [InlineData("268435456", "max", "9223372036854771712")]
    [InlineData("268435456", "67108864", "335544320")]                 // v1 shows memory + swap
    public void Memsw_reads_as_memory_plus_swap(string memoryMax, string swapMax, string memsw) =>
        Assert.Equal(memsw, Of("memory.memsw.limit_in_bytes").Read(V2(("memory.max", memoryMax), ("memory.swap.max", swapMax))));

    [Theory]
    [InlineData("memory.limit_in_bytes", "256M", "memory.max", "268435456")]
    [InlineData("memory.limit_in_bytes", "268435456", "memory.max", "268435456")]
    [InlineData("memory.limit_in_bytes", "-1", "memory.max", "max")]
    [InlineData("memory.limit_in_bytes", "9223372036854771712", "memory.max", "max")]   // what a v1 read gave, written back
    [InlineData("memory.soft_limit_in_bytes", "64M", "memory.low", "67108864")]
    [InlineData("cpu.shares", "1024", "cpu.weight", "100")]
    [InlineData("cpu.shares", "2048", "cpu.weight", "200")]
    [InlineData("cpu.cfs_quota_us", "50000", "cpu.max", "50000 100000")]               // keeps the period in force
    [InlineData("cpu.cfs_quota_us", "-1", "cpu.max", "max 100000")]
    [InlineData("cpu.cfs_period_us", "200000", "cpu.max", "max 200000")]
    [InlineData("blkio.weight", "500", "io.weight", "default 100")]
    [InlineData("freezer.state", "FROZEN", "cgroup.freeze", "1")]
    [InlineData("freezer.state", "THAWED", "cgroup.freeze", "0")]
    [InlineData("hugetlb.2MB.limit_in_bytes", "4194304", "hugetlb.2MB.max", "4194304")]
    public void A_v1_value_written_to_a_v1_name_becomes_the_v2_write(string v1File, string v1Text, string v2File, string v2Text)
    {
        var write = Assert.Single(Of(v1File).Write(v1Text, V2()));
        Assert.Equal((v2File, v2Text), (write.File, write.Text));
    }

    [Fact]
    public void Memsw_written_sets_the_v2_swap_limit_to_its_excess_over_memory()
    {
        var write = Assert.Single(Of("memory.memsw.limit_in_bytes").Write("335544320", V2(("memory.max", "268435456"))));
        Assert.Equal(("memory.swap.max", "67108864"), (write.File, write.Text));
    }

    [Fact]
    public void A_v1_value_read_from_v2_and_written_back_leaves_v2_as_it_was()
    {
        foreach (var (v1File, v2File, v2Text) in new[]
        {
            ("memory.limit_in_bytes", "memory.max", "max"), ("memory.limit_in_bytes", "memory.max", "1073741824"),
            ("cpu.cfs_quota_us", "cpu.max", "30000 50000"), ("cpu.cfs_period_us", "cpu.max", "30000 50000"),
            ("cpu.shares", "cpu.weight", "100"), ("freezer.state", "cgroup.freeze", "1"),
        })
        {
            var v2 = V2((v2File, v2Text), ("cgroup.events", "populated 1\nfrozen 1"));
            var write = Assert.Single(Of(v1File).Write(Of(v1File).Read(v2), v2));
            Assert.Equal(v2Text, write.Text);
        }
    }

    [Theory]
    [InlineData("memory.usage_in_bytes")]
    [InlineData("memory.failcnt")]
    public void Counters_cannot_be_written(string v1File) =>
        Assert.Equal(CgErrorKind.InvalidKey, Assert.Throws<CgException>(() => Of(v1File).Write("0", V2())).Kind);

    [Theory]
    [InlineData("memory.limit_in_bytes", "lots")]
    [InlineData("cpu.shares", "zero")]
    [InlineData("freezer.state", "MELTED")]
    public void Values_v1_would_refuse_are_refused(string v1File, string text) =>
        Assert.Throws<CgException>(() => Of(v1File).Write(text, V2()));

    [Theory]
    [InlineData("memory.max")]               // a v2 file is itself
    [InlineData("pids.max")]                 // same name on both
    [InlineData("cpuset.cpus")]
    [InlineData("memory.stat")]
    [InlineData("devices.allow")]            // no v2 file at all: not translated
    public void Names_v2_has_or_that_have_no_v2_form_are_not_translated(string file) =>
        Assert.False(V1Spelling.TryGet(file, out _));
}
