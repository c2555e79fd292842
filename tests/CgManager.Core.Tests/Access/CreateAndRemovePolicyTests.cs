using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Paths;
using CgManager.Core.Tests.Fixtures;

namespace CgManager.Core.Tests.Access;

public class CreateAndRemovePolicyTests
{
    [Theory]
    [InlineData("/a", 16, true)]
    [InlineData("/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16", 16, true)]
    [InlineData("/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17", 16, false)]
    [InlineData("/a", 1, true)]
    [InlineData("/a/b", 1, false)]
    public void The_depth_limit_applies_to_the_path_being_created(string target, int maxDepth, bool allowed)
    {
        Decision decision = CreatePolicy.CheckDepth(CgroupPath.Parse(target), maxDepth);
        Assert.Equal(allowed, decision.IsAllowed);
        if (!allowed)
        {
            Assert.Contains($"the limit (--max-depth) is {maxDepth}", decision.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    // existing component: read on itself
    [InlineData("alice", true, 0u, 0x41ED, 0u, 0x41C0, true)]       // existing 0755 root-owned: readable
    [InlineData("alice", true, 0u, 0x41C0, 1000u, 0x41C0, false)]   // existing 0700 root-owned: not readable
    // new component: read+write on its parent
    [InlineData("alice", false, 0u, 0x41ED, 1000u, 0x41C0, true)]   // parent owned by alice 0700
    [InlineData("alice", false, 0u, 0x41ED, 0u, 0x41ED, false)]     // parent root-owned 0755
    [InlineData("container root", false, 0u, 0x41ED, 100000u, 0x41ED, true)]
    [InlineData("container root", false, 0u, 0x41ED, 0u, 0x41ED, false)]
    public void Create_by_unprivileged_user_needs_read_on_existing_and_write_on_parent_of_new(
        string who, bool exists, uint existingOwner, int existingMode, uint parentOwner, int parentMode, bool allowed)
    {
        FileFacts? existing = exists ? new FileFacts(existingOwner, existingOwner, (uint)existingMode) : null;
        var parent = new FileFacts(parentOwner, parentOwner, (uint)parentMode);
        Assert.Equal(allowed, CreatePolicy.MayCreateStep(Who.Get(who), CgroupPath.Parse("/p/new"), existing, parent).IsAllowed);
    }

    [Fact]
    public void Create_by_unprivileged_user_under_unowned_cgroup_is_denied()
    {
        Decision decision = CreatePolicy.MayCreateStep(Who.Get("alice"), CgroupPath.Parse("/system/x"), null, new FileFacts(0, 0, 0x41ED));
        Assert.Equal("permission denied: uid 1000 (gid 1000) may not read and write /system: owner 0:0, mode 0755, checked against the other bits", decision.ToString());
    }

    [Theory]
    [InlineData("alice", "/user/alice/x", "/user/alice", 1000u, true)]
    [InlineData("alice", "/user/alice/x", "/user/alice", 0u, false)]            // parent not writable
    [InlineData("alice", "/user/alice", "/user/alice", 0u, false)]              // its own cgroup: busy
    [InlineData("host root", "/user", "/user/alice/deep", 0u, false)]            // above its own cgroup: busy
    [InlineData("host root", "/user/alice2", "/user/alice", 0u, true)]           // a sibling prefix is not above
    public void Remove_needs_write_on_the_parent_and_never_takes_the_requestors_own_cgroup(string who, string target, string own, uint parentOwner, bool allowed)
    {
        Decision decision = RemovePolicy.MayRemove(Who.Get(who), CgroupPath.Parse(target), CgroupPath.Parse(own), new FileFacts(parentOwner, parentOwner, 0x41ED));
        Assert.Equal(allowed, decision.IsAllowed);
    }

    [Fact]
    public void Removing_the_requestors_own_cgroup_is_reported_as_busy()
    {
        Decision decision = RemovePolicy.MayRemove(Who.Get("host root"), CgroupPath.Parse("/a"), CgroupPath.Parse("/a/b"), new FileFacts(0, 0, 0x41ED));
        Assert.Equal(CgErrorKind.Busy, decision.Kind);
        Assert.Equal("busy: cannot remove /a: the requestor's own cgroup /a/b is inside it", decision.ToString());
    }

    [Theory]
    [InlineData(1000u, true)]
    [InlineData(0u, false)]        // not writable
    public void RemoveOnEmpty_needs_write_on_the_cgroup(uint owner, bool allowed) =>
        Assert.Equal(allowed, RemovePolicy.MayMarkForRemoval(Who.Get("alice"), CgroupPath.Parse("/u/a"), new FileFacts(owner, owner, 0x41ED)).IsAllowed);

    [Theory]
    [InlineData(1000u, true)]
    [InlineData(0u, false)]
    public void Prune_needs_write_on_the_cgroup_itself(uint owner, bool allowed) =>
        Assert.Equal(allowed, RemovePolicy.MayPrune(Who.Get("alice"), CgroupPath.Parse("/u/a"), new FileFacts(owner, owner, 0x41ED)).IsAllowed);

    [Theory]
    [InlineData("/lxc/c1", "/lxc/c1", true)]
    [InlineData("/lxc/c1/x", "/lxc/c1", true)]
    [InlineData("/lxc/c10", "/lxc/c1", false)]
    [InlineData("/lxc", "/lxc/c1", false)]
    public void Under_proxy_allows_the_proxys_cgroup_and_below_only(string target, string proxy, bool allowed) =>
        Assert.Equal(allowed, ConfinementPolicy.UnderProxy(CgroupPath.Parse(target), CgroupPath.Parse(proxy)).IsAllowed);
}
