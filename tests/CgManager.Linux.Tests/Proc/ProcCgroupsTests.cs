using CgManager.Linux.Proc;

namespace CgManager.Linux.Tests.Proc;

public class ProcCgroupsTests
{
    // `cat /proc/cgroups` on the test machine (hybrid, some controllers not mounted: hierarchy 0).
    private const string ThisMachine =
        "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t3\t1\t1\ncpu\t1\t1\t1\ncpuacct\t2\t1\t1\n" +
        "blkio\t7\t1\t1\nmemory\t4\t46\t1\ndevices\t5\t1\t1\nfreezer\t6\t1\t1\nnet_cls\t0\t1\t1\n" +
        "perf_event\t0\t1\t1\nnet_prio\t0\t1\t1\nhugetlb\t0\t1\t1\npids\t8\t1\t1\n";

    // A v2-only host: every controller on hierarchy 0; one disabled on the command line.
    private const string V2Only =
        "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t0\t91\t1\ncpu\t0\t91\t1\nio\t0\t91\t1\n" +
        "memory\t0\t91\t0\npids\t0\t91\t1\nrdma\t0\t91\t1\nmisc\t0\t91\t1\n";

    [Fact]
    public void Table_of_this_machine_parses_and_skips_the_header()
    {
        IReadOnlyList<ProcCgroupsEntry> all = ProcCgroupsEntry.ParseAll(ThisMachine);
        Assert.Equal(12, all.Count);
        Assert.Equal(new ProcCgroupsEntry("cpuset", 3, 1, true), all[0]);
        Assert.Equal(new ProcCgroupsEntry("memory", 4, 46, true), all[4]);
        Assert.Equal(new ProcCgroupsEntry("net_cls", 0, 1, true), all[7]);
        Assert.Equal("pids", all[^1].Subsystem);
    }

    [Fact]
    public void Disabled_controllers_are_reported_disabled()
    {
        IReadOnlyList<ProcCgroupsEntry> all = ProcCgroupsEntry.ParseAll(V2Only);
        Assert.Equal(7, all.Count);
        Assert.False(all.Single(e => e.Subsystem == "memory").Enabled);
        Assert.All(all, e => Assert.Equal(0, e.Hierarchy));
    }

    [Fact]
    public void Table_without_header_parses() =>
        Assert.Equal([new ProcCgroupsEntry("cpu", 1, 2, true)], ProcCgroupsEntry.ParseAll("cpu 1 2 1"));

    [Theory]
    [InlineData("#h\ncpu\t1\t1\n", "line 2: expected 4 columns")]
    [InlineData("cpu\t1\t1\t1\t9\n", "line 1: expected 4 columns")]
    [InlineData("cpu\tx\t1\t1\n", "line 1: hierarchy \"x\"")]
    [InlineData("cpu\t1\t-1\t1\n", "line 1: num_cgroups \"-1\"")]
    [InlineData("cpu\t1\t1\tyes\n", "line 1: enabled \"yes\" is neither 0 nor 1")]
    [InlineData("cpu\t1\t1\t1\n\n", "line 2: expected 4 columns")]
    public void Malformed_table_is_a_FormatException_naming_the_line(string text, string expected)
    {
        FormatException e = Assert.Throws<FormatException>(() => ProcCgroupsEntry.ParseAll(text));
        Assert.Contains("/proc/cgroups", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
