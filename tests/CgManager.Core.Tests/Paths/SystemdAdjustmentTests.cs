using CgManager.Core.Paths;
using CgManager.Linux.Proc;

namespace CgManager.Core.Tests.Paths;

public class SystemdAdjustmentTests
{
    /// <summary>A container's user namespace: 0 inside is host 100000.</summary>
    private static readonly IdMap ContainerMap = IdMap.Parse("0 100000 65536\n");

    private static SystemdClaimant HostInit => new(IsPidNamespaceInit: true, IsProxy: false, Uid: 0, IdMap.Identity, ScopeParentOwner: 0);

    private static SystemdClaimant ContainerInit => new(IsPidNamespaceInit: true, IsProxy: false, Uid: 100000, ContainerMap, ScopeParentOwner: 100000);

    private static SystemdClaimant ContainerProxy => new(IsPidNamespaceInit: false, IsProxy: true, Uid: 100000, ContainerMap, ScopeParentOwner: 100000);

    private static string Adjust(string cgroup, SystemdClaimant claimant) =>
        SystemdAdjustment.Apply(CgroupPath.Parse(cgroup), (_, _) => claimant).ToString();

    [Theory]
    [InlineData("/init.scope", "/")]
    [InlineData("/lxc/c1/init.scope", "/lxc/c1")]
    [InlineData("/a/init.scope/init.scope", "/a/init.scope")]   // once only
    public void A_final_init_scope_of_an_entitled_init_counts_as_its_parent(string cgroup, string adjusted) =>
        Assert.Equal(adjusted, Adjust(cgroup, HostInit));

    [Theory]
    [InlineData("/system.slice/cgproxy.service", "/")]
    [InlineData("/lxc/c1/system.slice/cgproxy.service", "/lxc/c1")]
    public void A_final_cgproxy_service_of_an_entitled_proxy_counts_as_its_grandparent(string cgroup, string adjusted) =>
        Assert.Equal(adjusted, Adjust(cgroup, ContainerProxy));

    [Fact]
    public void A_containers_init_in_the_init_scope_of_the_cgroup_delegated_to_it_counts_as_in_that_cgroup() =>
        Assert.Equal("/lxc/c1", Adjust("/lxc/c1/init.scope", ContainerInit));

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
    public void Other_cgroups_are_left_alone_and_no_facts_are_asked_for(string cgroup) =>
        Assert.Equal(cgroup, SystemdAdjustment.Apply(CgroupPath.Parse(cgroup), (_, _) => throw new InvalidOperationException("asked")).ToString());

    public static TheoryData<string, string, SystemdClaimant> Planted => new()
    {
        // root placed an unprivileged host user's task in w/init.scope: not an init, not root
        { "unprivileged task", "/w/init.scope", new(false, false, 1000, IdMap.Identity, 0) },
        // ... which made itself pid 1 and root of new namespaces (unshare -U -r -p -f): w is not its own
        { "unshared init over uid 1000", "/w/init.scope", new(true, false, 1000, IdMap.Parse("0 1000 1\n"), 0) },
        // an init that is not root of its user namespace
        { "init of uid 1000", "/w/init.scope", new(true, false, 1000, IdMap.Identity, 1000) },
        // a container's init in an init.scope below a cgroup the host kept (not the cgroup delegated to it)
        { "container init under a host cgroup", "/lxc/c1/w/init.scope", new(true, false, 100000, ContainerMap, 0) },
        // cgproxy.service: only for the peer of an Scm call, root of its namespace, in the cgroup delegated to it
        { "plain caller in cgproxy.service", "/w/system.slice/cgproxy.service", new(false, false, 100000, ContainerMap, 100000) },
        { "unprivileged proxy", "/w/system.slice/cgproxy.service", new(false, true, 1000, IdMap.Identity, 0) },
        { "container proxy under a host cgroup", "/lxc/c1/w/system.slice/cgproxy.service", new(false, true, 100000, ContainerMap, 0) },
        // an init's allowance is for init.scope only
        { "init in cgproxy.service", "/w/system.slice/cgproxy.service", new(true, false, 0, IdMap.Identity, 0) },
        // the cgroup above is gone
        { "no parent", "/w/init.scope", new(true, false, 0, IdMap.Identity, null) },
    };

    [Theory, MemberData(nameof(Planted))]
    public void A_systemd_name_planted_for_anyone_else_is_judged_as_it_is(string who, string cgroup, SystemdClaimant claimant) =>
        Assert.True(cgroup == Adjust(cgroup, claimant), who);
}
