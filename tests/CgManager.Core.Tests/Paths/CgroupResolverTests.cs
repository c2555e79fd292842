using CgManager.Core.Errors;
using CgManager.Core.Paths;

namespace CgManager.Core.Tests.Paths;

/// <summary>Every row of spec §2.3, with r in /lxc/c1/work and p (a cgproxy) in /lxc/c1.</summary>
public class CgroupResolverTests
{
    private const string Own = "/lxc/c1/work";
    private const string Proxy = "/lxc/c1";

    [Theory]
    // Lookup group: "" own, relative under own, absolute from the root (then under-proxy)
    [InlineData(MethodGroup.Lookup, "", "/lxc/c1/work", "/lxc/c1")]
    [InlineData(MethodGroup.Lookup, "a/b", "/lxc/c1/work/a/b", "/lxc/c1")]
    [InlineData(MethodGroup.Lookup, "/lxc/c1/a/b", "/lxc/c1/a/b", "/lxc/c1")]
    [InlineData(MethodGroup.Lookup, "/lxc/c1", "/lxc/c1", "/lxc/c1")]
    // Creation group: leading slash ignored
    [InlineData(MethodGroup.Creation, "a/b", "/lxc/c1/work/a/b", Own)]
    [InlineData(MethodGroup.Creation, "/a/b", "/lxc/c1/work/a/b", Own)]
    [InlineData(MethodGroup.Creation, "a//b", "/lxc/c1/work/a/b", Own)]
    // Owner group: "" own, leading slash same as relative
    [InlineData(MethodGroup.Owner, "", "/lxc/c1/work", Own)]
    [InlineData(MethodGroup.Owner, "a/b", "/lxc/c1/work/a/b", Own)]
    [InlineData(MethodGroup.Owner, "/a/b", "/lxc/c1/work/a/b", Own)]
    // Removal group: "" own, leading slash same as relative, duplicate slashes collapsed
    [InlineData(MethodGroup.Removal, "", "/lxc/c1/work", Own)]
    [InlineData(MethodGroup.Removal, "a/b", "/lxc/c1/work/a/b", Own)]
    [InlineData(MethodGroup.Removal, "/a/b", "/lxc/c1/work/a/b", Own)]
    [InlineData(MethodGroup.Removal, "a///b", "/lxc/c1/work/a/b", Own)]
    // MovePid: own, relative under own
    [InlineData(MethodGroup.MovePid, "", "/lxc/c1/work", Own)]
    [InlineData(MethodGroup.MovePid, "a/b", "/lxc/c1/work/a/b", Own)]
    // MovePidAbs: proxy's cgroup; a leading slash is just a separator
    [InlineData(MethodGroup.MovePidAbs, "", "/lxc/c1", Proxy)]
    [InlineData(MethodGroup.MovePidAbs, "/", "/lxc/c1", Proxy)]
    [InlineData(MethodGroup.MovePidAbs, "a/b", "/lxc/c1/a/b", Proxy)]
    [InlineData(MethodGroup.MovePidAbs, "/a/b", "/lxc/c1/a/b", Proxy)]
    public void Each_group_resolves_its_argument_as_the_spec_table_says(MethodGroup group, string argument, string target, string expectedBase)
    {
        ResolvedCgroup resolved = CgroupResolver.Resolve(group, argument, CgroupPath.Parse(Own), CgroupPath.Parse(Proxy));
        Assert.Equal(target, resolved.Target.ToString());
        Assert.Equal(expectedBase, resolved.Base.ToString());
        Assert.False(resolved.IsNoOp);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public void Create_with_no_components_is_a_no_op(string argument)
    {
        ResolvedCgroup resolved = CgroupResolver.Resolve(MethodGroup.Creation, argument, CgroupPath.Parse(Own), CgroupPath.Parse(Proxy));
        Assert.True(resolved.IsNoOp);
        Assert.Equal(Own, resolved.Target.ToString());
    }

    [Fact]
    public void Create_walks_the_components_below_the_requestors_cgroup()
    {
        ResolvedCgroup resolved = CgroupResolver.Resolve(MethodGroup.Creation, "a/b/c", CgroupPath.Parse(Own), CgroupPath.Parse(Proxy));
        Assert.Equal(["a", "b", "c"], resolved.ComponentsBelowBase);
    }

    [Theory]
    [InlineData("/")]                 // the hierarchy root, above the proxy
    [InlineData("/lxc")]              // the proxy's parent
    [InlineData("/lxc/c2")]           // another container
    [InlineData("/lxc/c1x")]          // sibling sharing a string prefix (S-2)
    [InlineData("/lxc/c1x/a")]
    public void Lookup_of_an_absolute_path_outside_the_proxy_is_denied(string argument)
    {
        var error = Assert.Throws<CgException>(() =>
            CgroupResolver.Resolve(MethodGroup.Lookup, argument, CgroupPath.Parse(Own), CgroupPath.Parse(Proxy)));
        Assert.Equal(CgErrorKind.PermissionDenied, error.Kind);
        Assert.Contains("is not under the proxy's cgroup /lxc/c1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_lookup_confines_the_requestor_to_its_own_subtree()
    {
        CgroupPath own = CgroupPath.Parse("/user/alice");
        Assert.Equal("/user/alice/x", CgroupResolver.Resolve(MethodGroup.Lookup, "/user/alice/x", own, own).Target.ToString());
        Assert.Throws<CgException>(() => CgroupResolver.Resolve(MethodGroup.Lookup, "/user/bob", own, own));
        Assert.Throws<CgException>(() => CgroupResolver.Resolve(MethodGroup.Lookup, "/user/alice2", own, own));
    }

    [Fact]
    public void MovePid_rejects_a_leading_slash() =>
        Assert.Equal(CgErrorKind.InvalidCgroupName, Assert.Throws<CgException>(() =>
            CgroupResolver.Resolve(MethodGroup.MovePid, "/a", CgroupPath.Parse(Own), CgroupPath.Parse(Proxy))).Kind);

    [Theory]
    [InlineData(MethodGroup.Lookup)]
    [InlineData(MethodGroup.Creation)]
    [InlineData(MethodGroup.Owner)]
    [InlineData(MethodGroup.Removal)]
    [InlineData(MethodGroup.MovePid)]
    [InlineData(MethodGroup.MovePidAbs)]
    public void Every_group_rejects_dot_dot(MethodGroup group) =>
        Assert.Equal(CgErrorKind.InvalidCgroupName, Assert.Throws<CgException>(() =>
            CgroupResolver.Resolve(group, "a/../../b", CgroupPath.Parse(Own), CgroupPath.Parse(Proxy))).Kind);

    [Theory]
    // The bases are what the caller passes: the systemd allowance needs kernel facts, so CgroupService decides it
    // (SystemdAdjustment) and passes r's cgroup for MovePid and p's cgroup already adjusted, or not.
    [InlineData(MethodGroup.MovePid, "/init.scope", "/init.scope", "x", "/init.scope/x", "/init.scope")]
    [InlineData(MethodGroup.MovePidAbs, "/", "/lxc/c1/system.slice/cgproxy.service", "x", "/lxc/c1/system.slice/cgproxy.service/x", "/lxc/c1/system.slice/cgproxy.service")]
    [InlineData(MethodGroup.MovePidAbs, "/", "/lxc/c1", "x", "/lxc/c1/x", "/lxc/c1")]
    [InlineData(MethodGroup.Lookup, "/lxc/c1/init.scope", "/lxc/c1", "/lxc/c1/other", "/lxc/c1/other", "/lxc/c1")]
    [InlineData(MethodGroup.Creation, "/init.scope", "/", "x", "/init.scope/x", "/init.scope")]
    [InlineData(MethodGroup.Owner, "/init.scope", "/", "", "/init.scope", "/init.scope")]
    [InlineData(MethodGroup.Removal, "/lxc/c1/init.scope", "/lxc/c1", "", "/lxc/c1/init.scope", "/lxc/c1/init.scope")]
    public void Resolve_applies_no_systemd_allowance_of_its_own(
        MethodGroup group, string own, string proxy, string argument, string target, string expectedBase)
    {
        ResolvedCgroup resolved = CgroupResolver.Resolve(group, argument, CgroupPath.Parse(own), CgroupPath.Parse(proxy));
        Assert.Equal(target, resolved.Target.ToString());
        Assert.Equal(expectedBase, resolved.Base.ToString());
    }

    [Fact]
    public void Lookup_from_a_cgroup_named_init_scope_is_confined_to_it_unless_the_allowance_was_granted()
    {
        CgroupPath own = CgroupPath.Parse("/a/init.scope");
        Assert.Throws<CgException>(() => CgroupResolver.Resolve(MethodGroup.Lookup, "/a/b", own, own));
        Assert.Equal("/a/b", CgroupResolver.Resolve(MethodGroup.Lookup, "/a/b", own, CgroupPath.Parse("/a")).Target.ToString());
        Assert.Throws<CgException>(() => CgroupResolver.Resolve(MethodGroup.Lookup, "/ab", own, CgroupPath.Parse("/a")));
    }
}
