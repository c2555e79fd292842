using CgManager.Core.Errors;
using CgManager.Core.Hierarchies;
using CgManager.Core.Paths;
using CgManager.Core.Tests.Fixtures;

namespace CgManager.Core.Tests.Hierarchies;

public class MembershipResolverTests
{
    private static readonly HierarchySet CoMountedSet = HierarchyDiscovery.Discover(Layouts.CoMounted(), DiscoveryOptions.None);

    [Theory]
    [InlineData("memory", "/system.slice/cgmanager.service")]
    [InlineData("cpuacct", "/system.slice")]                        // from the cpu,cpuacct line
    [InlineData("net_prio", "/")]
    [InlineData("systemd", "/system.slice/cgmanager.service")]      // from the name=systemd line
    [InlineData("unified", "/system.slice/cgmanager.service")]      // from the 0:: line
    public void A_tasks_cgroup_comes_from_the_line_of_its_hierarchy(string token, string expected)
    {
        Assert.True(CoMountedSet.TryFind(token, out Hierarchy? hierarchy));
        Assert.Equal(expected, MembershipResolver.Find(Layouts.CoMounted().DaemonMembership, hierarchy, 1).ToString());
    }

    [Theory]
    [InlineData("0::/lxc/c1/.cgm_leaf", "/lxc/c1")]
    [InlineData("0::/lxc/.cgm_leaf/c1", "/lxc/.cgm_leaf/c1")]     // only a final leaf component
    [InlineData("0::/", "/")]
    public void A_v2_leaf_counts_as_its_parent(string line, string expected)
    {
        Hierarchy unified = CoMountedSet.Unified!;
        Assert.Equal(expected, MembershipResolver.Find(ProcText.Cgroup(line), unified, 7).ToString());
    }

    [Fact]
    public void A_v1_cgroup_named_like_the_leaf_is_kept()
    {
        Assert.True(CoMountedSet.TryFind("memory", out Hierarchy? memory));
        Assert.Equal("/a/.cgm_leaf", MembershipResolver.Find(ProcText.Cgroup("5:memory:/a/.cgm_leaf"), memory, 7).ToString());
    }

    [Theory]
    [InlineData("5:memory:/x", "unified", "task 7: no cgroup line for the unified hierarchy")]
    [InlineData("0::/x", "memory", "task 7: no cgroup line for the memory hierarchy")]
    [InlineData("5:memory:/../../x", "memory", "task 7: its memory cgroup '/../../x' lies outside the daemon's cgroup namespace")]
    [InlineData("1:name=elogind:/x", "systemd", "task 7: no cgroup line for the name=systemd hierarchy")]
    public void A_task_without_a_usable_line_has_no_such_cgroup(string lines, string token, string message)
    {
        Assert.True(CoMountedSet.TryFind(token, out Hierarchy? hierarchy));
        var error = Assert.Throws<CgException>(() => MembershipResolver.Find(ProcText.Cgroup(lines), hierarchy, 7));
        Assert.Equal(CgErrorKind.NoSuchCgroup, error.Kind);
        Assert.Equal("no such cgroup: " + message, error.Message);
    }

    [Fact]
    public void The_resolved_path_is_a_component_path()
    {
        Assert.True(CoMountedSet.TryFind("pids", out Hierarchy? pids));
        CgroupPath path = MembershipResolver.Find(ProcText.Cgroup("7:pids:/user.slice//user-1000.slice/"), pids, 1);
        Assert.Equal(["user.slice", "user-1000.slice"], path.Components);
    }
}
