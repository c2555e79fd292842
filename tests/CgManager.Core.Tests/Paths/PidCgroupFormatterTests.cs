using CgManager.Core.Errors;
using CgManager.Core.Paths;

namespace CgManager.Core.Tests.Paths;

public class PidCgroupFormatterTests
{
    [Theory]
    [InlineData("/a/b/c", "/a", "b/c")]
    [InlineData("/a", "/a", "/")]
    [InlineData("/x/y", "/", "x/y")]
    [InlineData("/", "/", "/")]
    [InlineData("/init.scope/x", "/init.scope", "x")]     // r is not adjusted
    public void GetPidCgroup_answers_relative_to_the_requestor_without_a_leading_slash(string victim, string requestor, string output) =>
        Assert.Equal(output, PidCgroupFormatter.Relative(CgroupPath.Parse(victim), CgroupPath.Parse(requestor)));

    [Theory]
    [InlineData("/abc", "/a")]       // the reference's prefix bug answered "bc"
    [InlineData("/ab/c", "/a")]
    [InlineData("/b", "/a")]
    [InlineData("/", "/a")]
    public void GetPidCgroup_of_a_task_outside_the_requestors_cgroup_is_denied(string victim, string requestor)
    {
        var error = Assert.Throws<CgException>(() => PidCgroupFormatter.Relative(CgroupPath.Parse(victim), CgroupPath.Parse(requestor)));
        Assert.Equal(CgErrorKind.PermissionDenied, error.Kind);
        Assert.Contains($"{victim} is not under the requestor's cgroup {requestor}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/lxc/c1", "/", "/lxc/c1")]                           // plain call: the daemon is p, at the root
    [InlineData("/", "/", "/")]
    [InlineData("/lxc/c1/x", "/lxc/c1", "/x")]                        // through cgproxy
    [InlineData("/lxc/c1", "/lxc/c1", "/")]
    [InlineData("/lxc/c1/init.scope/x", "/lxc/c1/init.scope", "/x")]  // p as passed: the allowance is CgroupService's
    public void GetPidCgroupAbs_answers_relative_to_the_proxy_with_a_leading_slash(string victim, string proxy, string output) =>
        Assert.Equal(output, PidCgroupFormatter.Absolute(CgroupPath.Parse(victim), CgroupPath.Parse(proxy)));

    [Theory]
    [InlineData("/lxc/c10", "/lxc/c1")]
    [InlineData("/lxc", "/lxc/c1")]
    public void GetPidCgroupAbs_of_a_task_outside_the_proxy_is_denied(string victim, string proxy) =>
        Assert.Equal(CgErrorKind.PermissionDenied, Assert.Throws<CgException>(() =>
            PidCgroupFormatter.Absolute(CgroupPath.Parse(victim), CgroupPath.Parse(proxy))).Kind);
}
