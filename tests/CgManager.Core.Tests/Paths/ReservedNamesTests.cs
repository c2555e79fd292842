using CgManager.Core.Errors;
using CgManager.Core.Operations;
using CgManager.Core.Paths;

namespace CgManager.Core.Tests.Paths;

/// <summary>Issue 12, findings 5 and 10: the names a client may not give a cgroup, and the journal's replay.</summary>
public class ReservedNamesTests
{
    public static TheoryData<MethodGroup> AllGroups => [.. Enum.GetValues<MethodGroup>()];

    [Theory]
    [MemberData(nameof(AllGroups))]
    public void Names_starting_with_cgm_are_refused_in_every_group(MethodGroup group)
    {
        foreach (string argument in new[] { ".cgm_leaf", "a/.cgm_leaf", "a/.cgm_leaf/b", ".cgm", ".cgmfoo" })
        {
            var error = Assert.Throws<CgException>(() => CgroupArgument.Parse(argument, group));
            Assert.Equal(CgErrorKind.InvalidCgroupName, error.Kind);
            Assert.Contains("reserved for the daemon", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(".cg")]
    [InlineData("cgm_leaf")]
    [InlineData("x.cgm_leaf")]
    [InlineData(".cgx")]
    public void Names_that_only_look_alike_are_ordinary(string name) => Assert.Null(ReservedNames.WhyReserved(name));

    [Theory]
    [InlineData("tasks")]
    [InlineData("notify_on_release")]
    [InlineData("release_agent")]
    [InlineData("cgroup.procs")]
    [InlineData("cgroup.subtree_control")]
    [InlineData("memory.limit_in_bytes")]
    [InlineData("memory.max")]
    [InlineData("io.weight")]
    [InlineData("pids.max")]
    [InlineData("cpu.weight")]
    [InlineData("cpuset.cpus")]
    public void Kernel_file_names_are_refused_whatever_the_hierarchy_carries(string name) =>
        Assert.NotNull(ReservedNames.WhyKernelFileName(name, []));

    [Fact]
    public void A_controller_the_hierarchy_carries_reserves_its_prefix_too() =>
        Assert.NotNull(ReservedNames.WhyKernelFileName("newctl.knob", ["newctl"]));

    [Theory]
    [InlineData("web")]
    [InlineData("user.slice")]
    [InlineData("lxc.payload.c1")]
    [InlineData("memoryhog")]
    [InlineData(".hidden")]
    [InlineData("task")]
    public void Ordinary_names_are_allowed(string name) => Assert.Null(ReservedNames.WhyKernelFileName(name, ["memory", "cpu"]));

    [Fact]
    public void The_mark_journal_replays_marks_and_removals_and_skips_malformed_and_torn_lines()
    {
        const string text = "+\tmemory\t/a\n+\tpids\t/b\n-\tmemory\t/a\n+\tmemory\t/c\n+\tmemory\t/a\n+\tgarbage\n-\tpids\t/b\n+\tunified\t/d";
        var live = MarkJournal.Replay(text + "\n+\tmemory\t/tor");
        Assert.Equal(
            [("memory", CgroupPath.Parse("/c")), ("memory", CgroupPath.Parse("/a")), ("unified", CgroupPath.Parse("/d"))],
            live);
    }
}
