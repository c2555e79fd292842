using CgManager.Client;
using CgManager.Client.Scm;

namespace CgManager.Client.Tests.Library;

public sealed class ScmRuleTests
{
    private const ulong InitPid = ScmRule.InitialPidNamespaceInode, InitUser = ScmRule.InitialUserNamespaceInode;

    [Theory]
    [InlineData(false, InitPid, InitUser, false)] // the host: plain
    [InlineData(false, 4026532000UL, InitUser, true)] // another pid namespace: Scm
    [InlineData(false, InitPid, 4026532001UL, true)] // another user namespace: Scm
    [InlineData(true, 4026532000UL, 4026532001UL, false)] // a proxy is present: it converts plain calls
    public void Auto_decides_from_the_proxy_folder_and_the_initial_namespace_inodes(bool proxy, ulong pid, ulong user, bool scm) =>
        Assert.Equal(scm, ScmRule.Decide(proxy, pid, user));

    [Fact]
    public void A_kernel_without_namespace_links_counts_as_initial() => Assert.False(ScmRule.Decide(false, null, null));

    [Fact]
    public void This_test_host_runs_in_the_initial_namespaces() =>
        Assert.False(CgManagerClient.ShouldUseScm("/nonexistent/cgmanager/sock"));

    [Fact]
    public void A_cgmanager_lower_folder_beside_the_socket_folder_means_a_proxy()
    {
        var root = Directory.CreateTempSubdirectory("cgm-proxy-").FullName;
        try
        {
            Assert.False(ScmRule.ProxyPresent(Path.Combine(root, "cgmanager", "sock")));
            Directory.CreateDirectory(Path.Combine(root, "cgmanager.lower"));
            Assert.True(ScmRule.ProxyPresent(Path.Combine(root, "cgmanager", "sock")));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
