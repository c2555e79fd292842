using CgManager.Core.Access;
using CgManager.Core.Paths;
using CgManager.Core.Tests.Fixtures;

namespace CgManager.Core.Tests.Access;

public class MovePolicyTests
{
    [Theory]
    [InlineData("alice", 200, 1000u, true)]            // itself
    [InlineData("alice", 201, 1000u, true)]            // its own task (real uid)
    [InlineData("alice", 301, 1001u, false)]           // bob's task
    [InlineData("alice", 1, 0u, false)]                // root's task
    [InlineData("host root", 301, 1001u, true)]
    [InlineData("container root", 502, 100033u, true)]  // a task of its container
    [InlineData("container root", 1, 0u, false)]        // host root's task, unmapped
    [InlineData("container root", 777, 165536u, false)] // just outside its range
    [InlineData("container user", 502, 100033u, false)] // not root in the container
    [InlineData("container user", 503, 101000u, true)]
    public void May_move_pid_needs_self_root_same_uid_or_userns_root_over_a_mapped_uid(string who, int victimPid, uint victimUid, bool allowed) =>
        Assert.Equal(allowed, MovePolicy.MayMovePid(Who.Get(who), new VictimFacts(victimPid, victimUid, InRequestorPidNamespace: true)).IsAllowed);

    [Theory]
    [InlineData("host root")]
    [InlineData("alice")]
    [InlineData("container root")]
    public void A_victim_outside_the_requestors_pid_namespace_may_not_be_moved(string who)
    {
        Requestor requestor = Who.Get(who);
        Decision decision = MovePolicy.MayMovePid(requestor, new VictimFacts(requestor.Pid, requestor.Uid, InRequestorPidNamespace: false));
        Assert.False(decision.IsAllowed);
        Assert.Contains("not in the requestor's pid namespace", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/a", "/a", true)]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/ab", "/a", false)]       // sibling sharing a prefix (S-2)
    [InlineData("/ab/c", "/a", false)]
    [InlineData("/", "/a", false)]
    [InlineData("/x", "/", true)]
    public void The_victim_must_be_beneath_the_move_base_by_whole_components(string victimCgroup, string moveBase, bool allowed)
    {
        Decision decision = MovePolicy.VictimUnderBase(42, CgroupPath.Parse(victimCgroup), CgroupPath.Parse(moveBase));
        Assert.Equal(allowed, decision.IsAllowed);
        if (!allowed)
        {
            Assert.Equal($"task 42 is in {victimCgroup}, which is not under {moveBase}", decision.Reason);
        }
    }

    [Theory]
    // plain calls: the daemon is the proxy, base is the root, for anyone (S-7, kept for compatibility)
    [InlineData("alice", CallStyle.Plain, "/user/alice", "/")]
    [InlineData("host root", CallStyle.Plain, "/", "/")]
    // host root in the daemon's namespaces may escape to anywhere, also through Scm
    [InlineData("host root", CallStyle.Scm, "/system.slice/x.service", "/")]
    // everyone else stays beneath the connection peer (cgproxy)
    [InlineData("alice", CallStyle.Scm, "/user/alice", "/user/alice")]
    [InlineData("container root", CallStyle.Scm, "/lxc/c1/system.slice/cgproxy.service", "/lxc/c1/system.slice/cgproxy.service")]
    [InlineData("privileged container root", CallStyle.Scm, "/lxc/c2", "/lxc/c2")]
    [InlineData("userns root", CallStyle.Scm, "/user/alice", "/user/alice")]
    public void MovePidAbs_measures_from_the_root_only_for_plain_calls_and_host_root(string who, CallStyle style, string peerCgroup, string proxyCgroup) =>
        Assert.Equal(proxyCgroup, MovePolicy.MovePidAbsProxyCgroup(Who.Get(who), style, CgroupPath.Parse(peerCgroup)).ToString());

    [Fact]
    public void MovePidAbs_through_cgproxy_cannot_reach_outside_the_container()
    {
        Requestor requestor = Who.Get("container root");
        // p in /lxc/c1/system.slice/cgproxy.service, after the systemd allowance (granted: it is c1's proxy)
        CgroupPath proxy = MovePolicy.MovePidAbsProxyCgroup(requestor, CallStyle.Scm, CgroupPath.Parse("/lxc/c1"));
        ResolvedCgroup resolved = CgroupResolver.Resolve(MethodGroup.MovePidAbs, "/", CgroupPath.Parse("/lxc/c1/user"), proxy);
        Assert.Equal("/lxc/c1", resolved.Target.ToString());
        Assert.False(MovePolicy.VictimUnderBase(9, CgroupPath.Parse("/lxc/c2"), resolved.Base).IsAllowed);
        Assert.True(MovePolicy.VictimUnderBase(9, CgroupPath.Parse("/lxc/c1/user"), resolved.Base).IsAllowed);
    }
}
