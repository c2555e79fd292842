using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Modern;

/// <summary>A daemon with --quota-cgroups 3 --quota-depth 2.</summary>
public sealed class QuotaSandboxFixture : SandboxFixture
{
    public QuotaSandboxFixture()
        : base(["--quota-cgroups", "3", "--quota-depth", "2"])
    {
    }
}

/// <summary>The RFC's deferred limit: how many cgroups, and how deep, a requestor may make beneath its own.</summary>
public sealed class QuotaTests : IClassFixture<QuotaSandboxFixture>
{
    private readonly CgroupSandbox _sb;

    public QuotaTests(QuotaSandboxFixture fixture) => _sb = fixture.Sandbox;

    [Fact]
    public void The_fourth_cgroup_and_the_too_deep_one_are_refused_and_host_root_is_not_limited()
    {
        _sb.Create("memory", "q");
        Assert.True(_sb.Ok(Client.TestClient, "Chown", "memory", "q", "1000", "1000").Ok);
        var user = Identity.User(1000, 1000);
        CallResult Create(string cgroup) => _sb.CallAsIn(user, "q", Client.TestClient, "Create", "memory", cgroup);

        Assert.True(Create("a").Ok);
        Assert.True(Create("a/x").Ok);
        var deep = _sb.AssertDenied("permission denied:", () => Create("a/x/y"));
        Assert.Contains("--quota-depth", deep.ErrorMessage);
        Assert.True(Create("b").Ok);
        var fourth = _sb.AssertDenied("permission denied:", () => Create("c"));
        Assert.Contains("--quota-cgroups", fourth.ErrorMessage);
        Assert.False(Directory.Exists(_sb.HostPath("memory", "q/c")));

        // Others are unaffected: host root, and an existing cgroup asked for again.
        Assert.True(Create("a").Ok);
        foreach (var name in new[] { "q/r1", "q/r2", "q/r3", "q/r4/deep/er" })
        {
            _sb.Create("memory", name);
        }
    }

    [Fact]
    public void On_cgroup_v2_a_delegated_cgroup_gets_the_quota_as_kernel_limits()
    {
        _sb.Create("unified", "v2q");
        Assert.True(_sb.Ok(Client.TestClient, "Chown", "unified", "v2q", "1000", "1000").Ok);
        Assert.Equal("3", File.ReadAllText(Path.Combine(_sb.HostPath("unified", "v2q"), "cgroup.max.descendants")).Trim());
        Assert.Equal("2", File.ReadAllText(Path.Combine(_sb.HostPath("unified", "v2q"), "cgroup.max.depth")).Trim());
    }
}
