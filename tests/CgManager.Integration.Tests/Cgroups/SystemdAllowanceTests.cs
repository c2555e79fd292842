using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Cgroups;

/// <summary>
/// The systemd allowance (a cgroup ending in init.scope counts as its parent), narrowed (issue 11, spec S-3): it is
/// for a namespace's init in the init.scope of the cgroup delegated to it. A task root planted in w/init.scope is
/// judged by the cgroup it is in: it does not see w's files, children or tasks.
/// </summary>
public sealed class SystemdAllowanceTests : IClassFixture<SandboxFixture>
{
    private const string Denied = "permission denied:";
    private static readonly Identity User = Identity.User(1000, 1000);

    /// <summary>pid 1 of a fresh pid namespace and root of a user namespace over uid 1000: a rootless container's init.</summary>
    private static readonly Identity ContainerInit = new("init of a user and pid namespace over uid 1000", 1000, 1000,
        ["setpriv", "--reuid=1000", "--regid=1000", "--clear-groups", "unshare", "-U", "-r", "-p", "-f", "env", "HOME=/tmp"]);

    private static int s_unique;
    private readonly CgroupSandbox _sb;

    public SystemdAllowanceTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private static string Unique(string stem) => $"{stem}-{Interlocked.Increment(ref s_unique)}";

    [Fact]
    public void A_containers_init_in_the_init_scope_of_its_delegated_cgroup_sees_that_cgroup()
    {
        string ct = Unique("ct");
        _sb.Create("memory", ct);
        _sb.Ok(Client.TestClient, "Chown", "memory", ct, "1000", "1000");
        _sb.Create("memory", $"{ct}/init.scope");
        _sb.Create("memory", $"{ct}/web");

        var children = _sb.CallAsIn(ContainerInit, $"{ct}/init.scope", Client.TestClient, "ListChildren", "memory", "/" + ct);
        Assert.True(children.Ok, children.ToString());
        Assert.Equal(["init.scope", "web"], children.Values.Order());
        var limit = _sb.CallAsIn(ContainerInit, $"{ct}/init.scope", Client.TestClient, "GetValue", "memory", "/" + ct, "memory.limit_in_bytes");
        Assert.True(limit.Ok, limit.ToString());
    }

    [Theory]
    [InlineData("ListChildren")]
    [InlineData("GetTasks")]
    [InlineData("GetValue")]
    public void A_task_root_planted_in_w_init_scope_is_judged_by_the_cgroup_it_is_in(string method)
    {
        string w = Unique("w");
        _sb.Create("memory", w);
        _sb.Create("memory", $"{w}/init.scope");
        _sb.Create("memory", $"{w}/secret");
        string[] args = method == "GetValue" ? ["memory", "/" + w, "memory.limit_in_bytes"] : ["memory", "/" + w];
        _sb.AssertDenied(Denied, () => _sb.CallAsIn(User, $"{w}/init.scope", Client.TestClient, method, args));
        // ... also when it makes itself pid 1 and root of new namespaces: w is not delegated to it
        // (plain GetTasks from another pid namespace is refused before that, for its pids)
        _sb.AssertDenied(method == "GetTasks" ? "namespace:" : Denied, () => _sb.CallAsIn(ContainerInit, $"{w}/init.scope", Client.TestClient, method, args));
        // its own cgroup stays its own
        var own = _sb.CallAsIn(User, $"{w}/init.scope", Client.TestClient, "ListChildren", "memory", "");
        Assert.True(own.Ok, own.ToString());
    }
}
