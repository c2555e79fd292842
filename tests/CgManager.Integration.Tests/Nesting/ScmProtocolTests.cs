using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Nesting;

/// <summary>
/// Every Scm method driven by an independent Python client (socketpair(AF_UNIX, SOCK_DGRAM),
/// SCM_CREDENTIALS, dbus-python passing the fd); the exact bytes that come back are checked (spec §4.6).
/// </summary>
public sealed class ScmProtocolTests : IClassFixture<SandboxFixture>
{
    private const string Kick = "31";
    private readonly CgroupSandbox _sandbox;

    public ScmProtocolTests(SandboxFixture fixture) => _sandbox = fixture.Sandbox;

    private ScmOutcome Scm(string method, params string[] args) => ScmClient.Run(_sandbox, Identity.Root, method, args);

    [Fact]
    public void CreateScm_answers_1_for_created_then_2_for_existed()
    {
        var first = Scm("CreateScm", "s:memory", "s:scm-create");
        Assert.Equal(Kick, first.Kick!.Hex);
        Assert.Equal("31", first.ResultHex);
        Assert.True(Directory.Exists(_sandbox.HostPath("memory", "scm-create")));
        Assert.Equal("32", Scm("CreateScm", "s:memory", "s:scm-create").ResultHex);
    }

    [Fact]
    public void CreateScm_failure_is_a_0_byte_and_nothing_is_made()
    {
        var outcome = Scm("CreateScm", "s:memory", "s:../escape");
        Assert.Equal("30", outcome.ResultHex);
        Assert.False(Directory.Exists(Path.Combine(_sandbox.HostPath("memory"), "..", "escape")));
    }

    [Fact]
    public void GetValueScm_sends_the_value_and_a_NUL_or_an_empty_datagram()
    {
        _sandbox.Create("memory", "scm-value");
        File.WriteAllText(Path.Combine(_sandbox.HostPath("memory", "scm-value"), "memory.limit_in_bytes"), "67108864");
        Assert.Equal(ScmClient.StringResult("67108864"), Scm("GetValueScm", "s:memory", "s:scm-value", "s:memory.limit_in_bytes").ResultHex);
        var failed = Scm("GetValueScm", "s:memory", "s:scm-value", "s:no.such.key");
        Assert.Equal("", failed.ResultHex);
    }

    [Fact]
    public void SetValueScm_writes_and_answers_1_and_refuses_cgroup_procs_with_0()
    {
        _sandbox.Create("memory", "scm-set");
        Assert.Equal("31", Scm("SetValueScm", "s:memory", "s:scm-set", "s:memory.limit_in_bytes", "s:32M").ResultHex);
        Assert.Equal("33554432", File.ReadAllText(Path.Combine(_sandbox.HostPath("memory", "scm-set"), "memory.limit_in_bytes")).Trim());
        Assert.Equal("30", Scm("SetValueScm", "s:memory", "s:scm-set", "s:cgroup.procs", "s:1").ResultHex);
    }

    [Fact]
    public void MovePidScm_takes_a_second_credential_and_moves_that_task()
    {
        _sandbox.Create("memory", "scm-move");
        using var task = _sandbox.StartTask();
        var outcome = Scm("MovePidScm", "s:memory", "s:scm-move", "--cred2", $"{task.Pid}:0:0");
        Assert.Equal(Kick, outcome.Kick2!.Hex);
        Assert.Equal("31", outcome.ResultHex);
        Assert.Equal("/scm-move", task.CgroupIn("memory"));

        Assert.Equal(ScmClient.StringResult("scm-move"), Scm("GetPidCgroupScm", "s:memory", "--cred2", $"{task.Pid}:0:0").ResultHex);
        Assert.Equal(ScmClient.StringResult("/scm-move"), Scm("GetPidCgroupAbsScm", "s:memory", "--cred2", $"{task.Pid}:0:0").ResultHex);
    }

    [Fact]
    public void MovePidAbsScm_moves_relative_to_the_callers_cgroup()
    {
        _sandbox.Create("memory", "scm-abs");
        using var task = _sandbox.StartTask();
        Assert.Equal("31", Scm("MovePidAbsScm", "s:memory", "s:/scm-abs", "--cred2", $"{task.Pid}:0:0").ResultHex);
        Assert.Equal("/scm-abs", task.CgroupIn("memory"));
    }

    [Fact]
    public void GetTasksScm_sends_the_count_then_one_credential_per_task()
    {
        _sandbox.Create("memory", "scm-tasks");
        using var task = _sandbox.StartTask(inCgroup: "scm-tasks");
        var outcome = Scm("GetTasksScm", "s:memory", "s:scm-tasks");
        Assert.Equal(2, outcome.Datagrams.Count);
        Assert.Equal(1, outcome.Datagrams[0].AsInt32);
        Assert.Equal("70", outcome.Datagrams[1].Hex);
        Assert.Equal([task.Pid, 0, 0], outcome.Datagrams[1].Credential!);

        var recursive = Scm("GetTasksRecursiveScm", "s:memory", "s:");
        Assert.Contains(recursive.Datagrams.Skip(1), d => d.Credential![0] == task.Pid);
        Assert.Equal(recursive.Datagrams.Count - 1, recursive.Datagrams[0].AsInt32);
    }

    [Fact]
    public void GetTasksScm_failure_is_minus_one()
    {
        var outcome = Scm("GetTasksScm", "s:memory", "s:no-such-cgroup");
        Assert.Equal("ffffffff", outcome.ResultHex);
    }

    [Fact]
    public void ListChildrenScm_sends_count_length_and_NUL_separated_names()
    {
        _sandbox.Create("memory", "scm-kids/a");
        _sandbox.Create("memory", "scm-kids/b");
        var outcome = Scm("ListChildrenScm", "s:memory", "s:scm-kids");
        Assert.Equal(3, outcome.Datagrams.Count);
        Assert.Equal(2, outcome.Datagrams[0].AsInt32);
        var blob = outcome.Datagrams[2].Bytes;
        Assert.Equal(blob.Length, outcome.Datagrams[1].AsInt32);
        Assert.Equal(["a", "b"], System.Text.Encoding.UTF8.GetString(blob).Split('\0', StringSplitOptions.RemoveEmptyEntries).Order());

        _sandbox.Create("memory", "scm-nokids");
        var empty = Scm("ListChildrenScm", "s:memory", "s:scm-nokids");
        Assert.Equal("00000000", empty.ResultHex);
        Assert.Equal("ffffffff", Scm("ListChildrenScm", "s:memory", "s:no-such").ResultHex);
    }

    [Fact]
    public void ListKeysScm_sends_name_uid_gid_and_decimal_mode_per_key()
    {
        _sandbox.Create("memory", "scm-keys");
        var outcome = Scm("ListKeysScm", "s:memory", "s:scm-keys");
        Assert.Equal(3, outcome.Datagrams.Count);
        string text = System.Text.Encoding.UTF8.GetString(outcome.Datagrams[2].Bytes);
        var lines = text.Split('\n');
        Assert.Equal(outcome.Datagrams[0].AsInt32 * 4 + 1, lines.Length);
        int i = Array.IndexOf(lines, "memory.limit_in_bytes");
        Assert.True(i >= 0 && i % 4 == 0, text);
        Assert.Equal(["0", "0", "33188"], lines[(i + 1)..(i + 4)]); // root-owned, 0100644
    }

    [Fact]
    public void ChownScm_gives_the_cgroup_to_the_second_credentials_ids()
    {
        _sandbox.Create("memory", "scm-chown");
        var outcome = Scm("ChownScm", "s:memory", "s:scm-chown", "--cred2", $"{Environment.ProcessId}:1000:1000");
        Assert.Equal("31", outcome.ResultHex);
        var dir = _sandbox.HostPath("memory", "scm-chown");
        Assert.Equal(1000, Owner(dir));
        Assert.Equal(1000, Owner(Path.Combine(dir, "cgroup.procs")));
        Assert.Equal(1000, Owner(Path.Combine(dir, "tasks")));
        Assert.Equal(0, Owner(Path.Combine(dir, "memory.limit_in_bytes")));
    }

    [Fact]
    public void ChmodScm_RemoveOnEmptyScm_PruneScm_and_RemoveScm_answer_per_spec()
    {
        _sandbox.Create("memory", "scm-misc/child");
        Assert.Equal("31", Scm("ChmodScm", "s:memory", "s:scm-misc", "s:", "i:493").ResultHex);
        Assert.Equal("31", Scm("RemoveOnEmptyScm", "s:memory", "s:scm-misc").ResultHex);
        Assert.Equal("31", Scm("PruneScm", "s:memory", "s:scm-misc/child").ResultHex);
        Assert.False(Directory.Exists(_sandbox.HostPath("memory", "scm-misc/child")));
        _sandbox.Create("memory", "scm-rm");
        Assert.Equal("32", Scm("RemoveScm", "s:memory", "s:scm-rm", "i:1").ResultHex);
        Assert.Equal("31", Scm("RemoveScm", "s:memory", "s:scm-rm", "i:1").ResultHex);
        Assert.Equal("30", Scm("RemoveScm", "s:memory", "s:../x", "i:1").ResultHex);
    }

    [Fact]
    public void A_stream_socket_is_refused_at_the_call()
    {
        var outcome = Scm("CreateScm", "s:memory", "s:scm-stream", "--stream");
        Assert.Equal("error", outcome.DBus);
        Assert.Equal(CgroupSandbox.InvalidArgs, outcome.Error);
        Assert.Contains("SOCK_DGRAM", outcome.Message);
        Assert.False(Directory.Exists(_sandbox.HostPath("memory", "scm-stream")));
        _sandbox.AssertStillAnswers();
    }

    [Fact]
    public void An_extra_credential_does_not_run_the_operation_again()
    {
        _sandbox.Create("memory", "scm-extra");
        var outcome = Scm("RemoveScm", "s:memory", "s:scm-extra", "i:0", "--extra-cred");
        Assert.Equal("32", outcome.ResultHex);
        Assert.False(Directory.Exists(_sandbox.HostPath("memory", "scm-extra")));
        _sandbox.AssertStillAnswers();
    }

    [Fact]
    public void Abandoned_exchanges_leave_no_fds_open_after_the_deadline()
    {
        _sandbox.AssertStillAnswers();
        int before = _sandbox.Daemon.FdCount;
        var outcome = ScmClient.Run(_sandbox, Identity.Root, "CreateScm", ["s:memory", "s:never", "--repeat", "1000"]);
        Assert.Contains("\"kicks\": 1000", outcome.Raw);
        Assert.True(CgroupSandbox.Eventually(() => _sandbox.Daemon.FdCount <= before, TimeSpan.FromSeconds(15)),
            $"daemon fds: {before} before, {_sandbox.Daemon.FdCount} after");
        Assert.False(Directory.Exists(_sandbox.HostPath("memory", "never")));
        _sandbox.AssertStillAnswers();
    }

    private static int Owner(string path) => (int)CgManager.Linux.Sys.Stat(path).Uid;
}
