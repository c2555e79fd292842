using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Hardening;

/// <summary>
/// Issue 12, finding 11: a compat MovePid with "all" that fails in one hierarchy after moving the task
/// in others moves it back; Manager1 MoveTask acts on the pidfd it was given.
/// </summary>
public sealed class MoveUndoTests : IClassFixture<SandboxFixture>
{
    private static int s_counter;
    private readonly CgroupSandbox _sb;

    public MoveUndoTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private static string Unique(string name) => $"{name}{Interlocked.Increment(ref s_counter)}";

    [Fact]
    public void A_MovePid_all_that_fails_in_a_late_hierarchy_leaves_the_task_where_it_was_everywhere()
    {
        string cg = Unique("mv11");
        Assert.True(_sb.Ok(Client.TestClient, "Create", "all", cg).Ok);
        using var task = _sb.StartTask();
        var before = _sb.Dirs.Keys.ToDictionary(h => h, task.CgroupIn);
        // "all" goes through the hierarchies in sorted order: make the last ones fail.
        foreach (var hierarchy in new[] { "pids", "unified" })
        {
            Directory.Delete(_sb.HostPath(hierarchy, cg));
        }

        var move = _sb.Call(Client.TestClient, "MovePid", "all", cg, task.PidText);

        Assert.False(move.Ok, move.ToString());
        foreach (var (hierarchy, was) in before)
        {
            Assert.True(was == task.CgroupIn(hierarchy), $"{hierarchy}: the task stayed moved to {task.CgroupIn(hierarchy)} (was {was}) after a failed MovePid");
        }
    }

    [Fact]
    public void MoveTask_moves_the_process_of_the_given_pidfd_and_refuses_one_that_exited()
    {
        string cg = Unique("mvfd");
        Assert.True(_sb.Ok(Client.TestClient, "Create", "all", cg).Ok);
        using var task = _sb.StartTask();
        var r = _sb.Py($$"""
            import subprocess
            moved = call(m.MoveTask, '{{cg}}', dbus.types.UnixFd(os.pidfd_open({{task.PidText}})))
            child = subprocess.Popen(['sleep', '0'])
            fd = os.pidfd_open(child.pid)
            child.wait()
            out(moved=moved, gone=call(m.MoveTask, '{{cg}}', dbus.types.UnixFd(fd)))
            """);

        Assert.True(r.GetProperty("moved").Ok(), r.ToString());
        Assert.Equal("/" + cg, task.CgroupIn("memory"));
        Assert.Equal(Manager1Python.ErrorPrefix + "NoSuchProcess", r.GetProperty("gone").Error());
    }
}
