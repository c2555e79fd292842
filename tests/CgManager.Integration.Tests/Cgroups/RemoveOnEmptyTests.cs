using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Cgroups;

/// <summary>
/// RemoveOnEmpty (spec §3.15): a marked cgroup disappears soon after its last task leaves, on a v1 hierarchy
/// (memory) and on the unified one. Every hierarchy in the sandbox was mounted before the daemon started, and
/// needs no option for it (0.42's --allow-autoremove-premounted is gone: our own watcher serves every hierarchy).
/// </summary>
public sealed class RemoveOnEmptyTests : IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(2);
    private static int s_unique;
    private readonly CgroupSandbox _sb;

    public RemoveOnEmptyTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    public static TheoryData<string, Client> Cases => new()
    {
        { "memory", Client.Busctl }, { "memory", Client.DbusPython }, { "memory", Client.TestClient },
        { "unified", Client.TestClient }, { "unified", Client.DbusPython },
    };

    [Theory, MemberData(nameof(Cases))]
    public void A_marked_cgroup_disappears_once_its_last_task_has_gone(string hierarchy, Client client)
    {
        string name = $"roe-{hierarchy}-{client}-{Interlocked.Increment(ref s_unique)}".ToLowerInvariant();
        _sb.Create(hierarchy, name);
        string dir = _sb.HostPath(hierarchy, name);
        var task = _sb.StartTask();
        _sb.Ok(client, "MovePid", CgroupSandbox.ControllerOf(hierarchy), name, task.PidText);
        _sb.Ok(client, "RemoveOnEmpty", CgroupSandbox.ControllerOf(hierarchy), name);

        Thread.Sleep(300);
        Assert.True(Directory.Exists(dir), "removed while a task was still inside");
        task.Dispose();
        Assert.True(CgroupSandbox.Eventually(() => !Directory.Exists(dir), Soon), $"{dir} still exists {Soon.TotalSeconds} s after its last task exited");
        _sb.AssertStillAnswers();
    }

    [Fact]
    public void A_marked_cgroup_stays_while_a_child_cgroup_still_has_a_task()
    {
        string name = $"roe-parent-{Interlocked.Increment(ref s_unique)}";
        _sb.Create("unified", $"{name}/child");
        using var task = _sb.StartTask(inCgroup: $"{name}/child");
        _sb.Ok(Client.TestClient, "RemoveOnEmpty", "unified", name);
        Thread.Sleep(500);
        Assert.True(Directory.Exists(_sb.HostPath("unified", $"{name}/child")));
        Assert.Equal($"/{name}/child", task.CgroupIn("unified"));
    }

    [Fact]
    public void RemoveOnEmpty_of_a_missing_cgroup_fails()
    {
        var result = _sb.AssertDenied("no such cgroup:", () => _sb.Call(Client.TestClient, "RemoveOnEmpty", "memory", "roe-missing"));
        Assert.Equal(CgroupSandbox.InvalidArgs, result.ErrorName);
    }
}
