using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests;

/// <summary>
/// Options that used to be parsed, documented and ignored (issue 11): --sigstop stops the daemon once it listens,
/// as upstart's "expect stop" needs; --debug logs one line per request, and the default level each refusal.
/// </summary>
public sealed class DaemonSignalAndLogTests
{
    private const string Dest = "org.linuxcontainers.cgmanager";
    private const string ObjectPath = "/org/linuxcontainers/cgmanager";
    private const string Iface = "org.linuxcontainers.cgmanager0_0";

    private static ToolResult Busctl(RunningDaemon daemon, params string[] args) =>
        Tool.Run("busctl", ["--address=" + daemon.Address, "call", Dest, ObjectPath, Iface, .. args], TimeSpan.FromSeconds(20));

    /// <summary>The state letter of /proc/PID/stat ('T' when stopped by a signal).</summary>
    private static char State(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }

    [Fact]
    public void With_sigstop_the_daemon_stops_itself_once_listening_and_answers_after_SIGCONT()
    {
        using var daemon = RunningDaemon.Start(["--sigstop"]);
        Assert.True(CgroupSandbox.Eventually(() => State(daemon.Pid) == 'T', TimeSpan.FromSeconds(10)),
            $"the daemon did not stop itself: state {State(daemon.Pid)}\n{daemon.Stderr}");
        // stderr is read asynchronously: the line written before the stop may still be on its way to us
        Assert.True(CgroupSandbox.Eventually(() => daemon.Stderr.Contains("ready on", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), daemon.Stderr);
        Tool.Ok("kill", "-CONT", daemon.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var ping = Busctl(daemon, "Ping", "i", "0");
        Assert.True(ping.ExitCode == 0, ping.ToString());
        Assert.NotEqual('T', State(daemon.Pid));
    }

    [Fact]
    public void Without_sigstop_the_daemon_never_stops_itself()
    {
        using var daemon = RunningDaemon.Start();
        Assert.Equal(0, Busctl(daemon, "Ping", "i", "0").ExitCode);
        Assert.NotEqual('T', State(daemon.Pid));
    }

    [Fact]
    public void With_debug_every_request_gets_one_line_with_method_requestor_and_outcome()
    {
        using var daemon = RunningDaemon.Start(); // RunningDaemon passes --debug
        Assert.Equal(0, Busctl(daemon, "Ping", "i", "0").ExitCode);
        Assert.Equal(0, Busctl(daemon, "ListControllers").ExitCode);
        Assert.Equal(0, Busctl(daemon, "GetPidCgroup", "si", "memory", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExitCode);
        Assert.NotEqual(0, Busctl(daemon, "GetValue", "sss", "memory", "no/such/cgroup", "memory.limit_in_bytes").ExitCode);
        Assert.True(CgroupSandbox.Eventually(() => daemon.Stderr.Contains("GetValue from pid"), TimeSpan.FromSeconds(5)), daemon.Stderr);
        string log = daemon.Stderr;
        Assert.Matches(@"debug: Ping from pid \d+ uid 0 gid 0: ok", log);
        Assert.Matches(@"debug: ListControllers from pid \d+ uid 0 gid 0: ok", log);
        Assert.Matches(@"debug: GetPidCgroup from pid \d+ uid 0: ok", log);
        Assert.Matches(@"info: GetValue from pid \d+ uid 0: no such cgroup: ", log);
        Assert.Single(log.Split('\n'), l => l.Contains("GetValue from pid", StringComparison.Ordinal));
    }

    [Fact]
    public void At_the_default_level_refusals_are_logged_and_answered_requests_are_not()
    {
        using var daemon = RunningDaemon.Start(["-v"]); // -v after --debug: informational messages only
        Assert.Equal(0, Busctl(daemon, "Ping", "i", "0").ExitCode);
        Assert.NotEqual(0, Busctl(daemon, "GetValue", "sss", "memory", "no/such/cgroup", "memory.limit_in_bytes").ExitCode);
        Assert.True(CgroupSandbox.Eventually(() => daemon.Stderr.Contains("GetValue from pid"), TimeSpan.FromSeconds(5)), daemon.Stderr);
        Assert.DoesNotContain("Ping from", daemon.Stderr);
        Assert.DoesNotContain("debug:", daemon.Stderr);
    }
}
