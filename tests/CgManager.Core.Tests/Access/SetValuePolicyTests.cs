using CgManager.Core.Access;
using CgManager.Core.Paths;
using CgManager.Core.Tests.Fixtures;

namespace CgManager.Core.Tests.Access;

public class SetValuePolicyTests
{
    [Theory]
    // container root through cgproxy (p in /lxc/c1/system.slice/cgproxy.service, passed after the allowance), sitting in /lxc/c1/init.scope
    [InlineData("container root", "/lxc/c1/init.scope", "/lxc/c1", "/lxc/c1/sub", true)]
    [InlineData("container root", "/lxc/c1/init.scope", "/lxc/c1", "/lxc/c1/sub/deeper", true)]
    [InlineData("container root", "/lxc/c1/init.scope", "/lxc/c1", "/lxc/c1", false)]        // its top cgroup
    [InlineData("container root", "/lxc/c1/init.scope", "/lxc/c1", "/lxc/c1/init.scope", false)] // where it sits
    [InlineData("container root", "/lxc/c1/work", "/lxc/c1", "/lxc/c1/work", false)]
    [InlineData("container root", "/lxc/c1/work/a", "/lxc/c1", "/lxc/c1/work", false)]        // above where it sits
    [InlineData("container root", "/lxc/c1/work", "/lxc/c1", "/lxc/c1/work/child", true)]
    [InlineData("container root", "/lxc/c1/work", "/lxc/c1", "/lxc/c1/workshop", true)]      // sibling, not above
    // plain call from a user namespace: p is r
    [InlineData("userns root", "/user/alice", "/user/alice", "/user/alice", false)]
    [InlineData("userns root", "/user/alice", "/user/alice", "/user/alice/job", true)]
    // host users: file modes alone decide
    [InlineData("alice", "/user/alice", "/user/alice", "/user/alice", true)]
    [InlineData("host root", "/", "/", "/", true)]
    public void No_settings_from_a_user_namespace_on_the_cgroup_it_sits_in_or_its_top(string who, string own, string proxy, string target, bool allowed)
    {
        Decision decision = SetValuePolicy.MaySetValue(Who.Get(who), CgroupPath.Parse(target), CgroupPath.Parse(own), CgroupPath.Parse(proxy));
        Assert.Equal(allowed, decision.IsAllowed);
        if (!allowed)
        {
            Assert.Contains("from a user namespace", decision.Reason, StringComparison.Ordinal);
        }
    }
}
