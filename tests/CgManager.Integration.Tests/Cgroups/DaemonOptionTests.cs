using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Cgroups;

/// <summary>A daemon started with -M cpuset, -m net_cls and --max-depth 2.</summary>
public sealed class OptionsSandboxFixture : SandboxFixture
{
    public OptionsSandboxFixture()
        : base(["-M", "cpuset", "-m", "net_cls", "--max-depth", "2"])
    {
    }
}

/// <summary>The start-up options of spec §6.1 (with §11's --max-depth N) on the real kernel.</summary>
public sealed class DaemonOptionTests : IClassFixture<OptionsSandboxFixture>
{
    private readonly CgroupSandbox _sb;

    public DaemonOptionTests(OptionsSandboxFixture fixture) => _sb = fixture.Sandbox;

    [Fact]
    public void A_skipped_hierarchy_is_neither_listed_nor_usable()
    {
        var list = _sb.Ok(Client.TestClient, "ListControllers");
        Assert.DoesNotContain("cpuset", list.Values);
        Assert.Contains("memory", list.Values);
        var denied = _sb.AssertDenied("invalid controller:", () => _sb.Call(Client.TestClient, "Create", "cpuset", "skipped"));
        Assert.Contains("skipped with -M", denied.ErrorMessage);
        Assert.False(Directory.Exists(_sb.HostPath("cpuset", "skipped")));
    }

    [Fact]
    public void A_hierarchy_asked_for_with_m_that_cannot_be_mounted_is_dropped_and_the_rest_still_works()
    {
        // A new v1 hierarchy cannot be made inside a cgroup namespace: the daemon says so and serves the others.
        Assert.Contains("net_cls", _sb.Daemon.Stderr);
        Assert.DoesNotContain("net_cls", _sb.Ok(Client.TestClient, "ListControllers").Values);
        Assert.Equal("-1", _sb.Ok(Client.TestClient, "Create", "all", "with-all").Value);
    }

    [Fact]
    public void Max_depth_limits_the_depth_of_the_cgroup_being_created()
    {
        Assert.Equal("-1", _sb.Ok(Client.TestClient, "Create", "memory", "d1/d2").Value);
        var denied = _sb.AssertDenied("permission denied:", () => _sb.Call(Client.TestClient, "Create", "memory", "d1/d2/d3"));
        Assert.Contains("--max-depth", denied.ErrorMessage);
    }
}
