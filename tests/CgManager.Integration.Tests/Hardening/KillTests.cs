using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Hardening;

/// <summary>
/// Issue 12, finding 7: Kill and Delete(force) signal thread groups (v1's tasks lists threads, which
/// have no pidfd of their own) and go on past the processes the requestor may not signal, then say
/// how many they skipped.
/// </summary>
public sealed class KillTests : IClassFixture<SandboxFixture>
{
    /// <summary>A process with three extra threads, all asleep.</summary>
    private static readonly string[] Threaded =
    [
        Tool.Python, "-c",
        "import threading, time\nfor _ in range(3): threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()\ntime.sleep(1000)",
    ];

    private static int s_counter;
    private readonly CgroupSandbox _sb;

    public KillTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private static string Unique(string name) => $"{name}{Interlocked.Increment(ref s_counter)}";

    private static int Threads(int pid) => Directory.GetDirectories($"/proc/{pid}/task").Length;

    [Fact]
    public void Kill_signals_a_multithreaded_process_once_as_a_whole()
    {
        string cg = Unique("kthreads");
        Assert.True(_sb.Ok(Client.TestClient, "Create", "all", cg).Ok);
        using var task = _sb.StartTask(inCgroup: cg, command: Threaded);
        Assert.True(CgroupSandbox.Eventually(() => Threads(task.Pid) == 4, TimeSpan.FromSeconds(10)), "the helper did not start its threads");

        var r = _sb.Py($"out(k=call(m.Kill, '{cg}', 9))");

        Assert.True(r.GetProperty("k").Ok(), r.ToString());
        Assert.Equal("1", r.GetProperty("k").GetProperty("value").ToString());
        Assert.True(CgroupSandbox.Eventually(() => task.HasExited, TimeSpan.FromSeconds(10)), "the multithreaded process survived Kill");
    }

    [Fact]
    public void Delete_with_force_removes_a_subtree_holding_a_multithreaded_process()
    {
        string cg = Unique("dthreads");
        Assert.True(_sb.Ok(Client.TestClient, "Create", "all", $"{cg}/inner").Ok);
        using var task = _sb.StartTask(inCgroup: $"{cg}/inner", command: Threaded);
        Assert.True(CgroupSandbox.Eventually(() => Threads(task.Pid) == 4, TimeSpan.FromSeconds(10)), "the helper did not start its threads");

        var r = _sb.Py($"out(d=call(m.Delete, '{cg}', True))");

        Assert.True(r.GetProperty("d").Ok(), r.ToString());
        Assert.True(task.HasExited || CgroupSandbox.Eventually(() => task.HasExited, TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(_sb.Dirs.Keys, h => Directory.Exists(_sb.HostPath(h, cg)));
    }

    [Fact]
    public void Kill_by_a_user_signals_its_own_tasks_and_reports_the_root_task_it_may_not_signal()
    {
        string top = Unique("kmixed");
        Assert.True(_sb.Ok(Client.TestClient, "Create", "all", $"{top}/child").Ok);
        Assert.True(_sb.Ok(Client.TestClient, "Chown", "all", top, "1000", "1000").Ok);
        Assert.True(_sb.Ok(Client.TestClient, "Chown", "all", $"{top}/child", "1000", "1000").Ok);
        // Root's task first: the lower pid, listed first.
        using var rootTask = _sb.StartTask(Identity.Root, inCgroup: $"{top}/child");
        using var userTask = _sb.StartTask(Identity.User(1000, 1000), inCgroup: $"{top}/child");
        using var userThreads = _sb.StartTask(Identity.User(1000, 1000), inCgroup: $"{top}/child", command: Threaded);
        Assert.True(CgroupSandbox.Eventually(() => Threads(userThreads.Pid) == 4, TimeSpan.FromSeconds(10)));

        var r = _sb.Py("out(k=call(m.Kill, 'child', 15))", Identity.User(1000, 1000), top);

        var k = r.GetProperty("k");
        Assert.False(k.Ok(), r.ToString());
        Assert.Equal(Manager1Python.ErrorPrefix + "PermissionDenied", k.Error());
        Assert.Contains("signalled 2 processes", k.Message());
        Assert.Contains("skipped 1", k.Message());
        Assert.True(CgroupSandbox.Eventually(() => userTask.HasExited && userThreads.HasExited, TimeSpan.FromSeconds(10)), "the user's own tasks were not signalled");
        Assert.False(rootTask.HasExited, "root's task was signalled by uid 1000");
    }
}
