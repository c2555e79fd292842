using CgManager.Core.Paths;

namespace CgManager.Core.Tests.Paths;

public class SystemdAdjustmentTests
{
    [Theory]
    [InlineData("/init.scope", "/")]
    [InlineData("/lxc/c1/init.scope", "/lxc/c1")]
    [InlineData("/system.slice/cgproxy.service", "/")]
    [InlineData("/lxc/c1/system.slice/cgproxy.service", "/lxc/c1")]
    [InlineData("/a/init.scope/init.scope", "/a/init.scope")]   // once only
    public void A_final_init_scope_or_cgproxy_service_counts_as_its_parent(string cgroup, string adjusted) =>
        Assert.Equal(adjusted, SystemdAdjustment.Apply(CgroupPath.Parse(cgroup)).ToString());

    [Theory]
    [InlineData("/")]
    [InlineData("/lxc/c1")]
    [InlineData("/init.scope/child")]             // not final
    [InlineData("/xinit.scope")]                  // not a whole component
    [InlineData("/a/my-init.scope")]
    [InlineData("/cgproxy.service")]              // needs system.slice above it
    [InlineData("/user.slice/cgproxy.service")]
    [InlineData("/system.slice/cgproxy.service/x")]
    [InlineData("/system.slice/other.service")]
    public void Other_cgroups_are_left_alone(string cgroup) =>
        Assert.Equal(cgroup, SystemdAdjustment.Apply(CgroupPath.Parse(cgroup)).ToString());
}
