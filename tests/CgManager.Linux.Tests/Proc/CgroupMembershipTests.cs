using CgManager.Linux.Proc;

namespace CgManager.Linux.Tests.Proc;

public class CgroupMembershipTests
{
    // `cat /proc/self/cgroup` on the test machine: hybrid, v1 controllers plus a named and the 0:: line.
    private const string ThisMachine =
        "9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n" +
        "4:memory:/process_api/eb81ccac22f44d656292f4b6392bd515\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n";

    // A typical systemd hybrid host with co-mounted controllers.
    private const string HybridComounted =
        "12:cpu,cpuacct:/user.slice\n11:net_cls,net_prio:/\n1:name=systemd:/user.slice/user-1000.slice/session-2.scope\n" +
        "0::/user.slice/user-1000.slice/session-2.scope\n";

    [Fact]
    public void Membership_of_this_machine_parses()
    {
        IReadOnlyList<CgroupMembership> all = CgroupMembership.ParseAll(ThisMachine);
        Assert.Equal(10, all.Count);
        Assert.Equal(new CgroupMembership(9, ["name=systemd"], "/").HierarchyId, all[0].HierarchyId);
        Assert.Equal(["name=systemd"], all[0].Controllers);
        Assert.Equal(4, all[5].HierarchyId);
        Assert.Equal(["memory"], all[5].Controllers);
        Assert.Equal("/process_api/eb81ccac22f44d656292f4b6392bd515", all[5].Path);
        Assert.Equal(0, all[9].HierarchyId);
        Assert.Empty(all[9].Controllers);
        Assert.Equal("/", all[9].Path);
    }

    [Fact]
    public void V2_only_host_has_one_line()
    {
        CgroupMembership m = Assert.Single(CgroupMembership.ParseAll("0::/system.slice/cgmanager.service\n"));
        Assert.Equal(0, m.HierarchyId);
        Assert.Empty(m.Controllers);
        Assert.Equal("/system.slice/cgmanager.service", m.Path);
    }

    [Fact]
    public void Comounted_controllers_are_split_on_commas()
    {
        IReadOnlyList<CgroupMembership> all = CgroupMembership.ParseAll(HybridComounted);
        Assert.Equal(["cpu", "cpuacct"], all[0].Controllers);
        Assert.Equal(["net_cls", "net_prio"], all[1].Controllers);
        Assert.Equal("/user.slice/user-1000.slice/session-2.scope", all[2].Path);
    }

    [Fact]
    public void Colons_after_the_second_one_belong_to_the_path()
    {
        CgroupMembership m = Assert.Single(CgroupMembership.ParseAll("3:memory:/lxc/c1:odd:name\n"));
        Assert.Equal("/lxc/c1:odd:name", m.Path);
        Assert.Equal(["memory"], m.Controllers);
    }

    [Fact]
    public void Paths_outside_a_cgroup_namespace_root_are_kept_as_the_kernel_shows_them()
    {
        CgroupMembership m = Assert.Single(CgroupMembership.ParseAll("0::/../../sibling\n"));
        Assert.Equal("/../../sibling", m.Path);
    }

    [Fact]
    public void Empty_text_has_no_memberships() => Assert.Empty(CgroupMembership.ParseAll(""));

    [Theory]
    [InlineData("4:memory\n", "line 1: expected \"ID:controllers:path\"")]
    [InlineData("memory:/\n", "line 1: expected \"ID:controllers:path\"")]
    [InlineData("x:memory:/\n", "line 1: hierarchy id \"x\"")]
    [InlineData("-1:memory:/\n", "line 1: hierarchy id \"-1\"")]
    [InlineData(":memory:/\n", "line 1: hierarchy id \"\"")]
    [InlineData("0:memory:/\n", "line 1: hierarchy 0 (cgroup2) must have an empty controller list")]
    [InlineData("0::/\n3::/\n", "line 2: hierarchy 3 has an empty controller list")]
    [InlineData("3:cpu,,cpuacct:/\n", "line 1: empty name in the controller list")]
    [InlineData("3:cpu:\n", "line 1: path does not start with '/'")]
    [InlineData("3:cpu:relative\n", "line 1: path does not start with '/'")]
    [InlineData("0::/\n\n1:cpu:/\n", "line 2: expected")]
    public void Malformed_cgroup_file_is_a_FormatException_naming_the_line(string text, string expected)
    {
        FormatException e = Assert.Throws<FormatException>(() => CgroupMembership.ParseAll(text));
        Assert.Contains("/proc/PID/cgroup", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
