using System.Diagnostics;
using System.Net.Sockets;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Delegation;

/// <summary>
/// pam_cgm.so through real libpam on this hybrid host: tests/pam/pam-session.c opens a session
/// with a PAM stack read from a temporary folder (pam_start_confdir), so /etc/pam.d is never
/// touched, inside the sandbox with the real daemon. The v1 drop-in layout (user/NAME/N in each
/// hierarchy, as cgmanager's pam_cgm made it) and the login going on when the daemon is not there.
/// </summary>
public sealed class PamCgmHybridTests : IClassFixture<SandboxFixture>, IDisposable
{
    private const uint Nobody = 65534;
    private readonly CgroupSandbox _sb;
    private readonly string _confdir = Directory.CreateTempSubdirectory("pam-cgm-test.").FullName;

    public PamCgmHybridTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private static string Module => Path.Combine(Repo.Root, "artifacts", "pam", "pam_cgm.so");

    private static string Harness => Path.Combine(Repo.Root, "artifacts", "pam", "pam-session");

    public void Dispose() => Directory.Delete(_confdir, recursive: true);

    /// <summary>A PAM service named <paramref name="service"/> whose session stack is pam_cgm with these arguments.</summary>
    private string Service(string service, string arguments, string control = "required")
    {
        File.WriteAllText(Path.Combine(_confdir, service),
            $"session {control} {Module} socket={_sb.Daemon.SocketPath} config={_confdir}/none.conf {arguments}\nsession required pam_permit.so\n");
        return service;
    }

    private ToolResult Session(string service, params string[] command) =>
        _sb.Run(Identity.Root, [Harness, _confdir, service, "nobody", .. command]);

    private string[] SessionLines(string cgroupFile) =>
        cgroupFile.Split('\n').Where(l => l.Contains(_sb.Name, StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Session_lands_in_user_NAME_0_of_every_hierarchy_owned_by_the_user_and_goes_at_close()
    {
        var run = Session(Service("all", "all"), "sh", "-c",
            "cat /proc/self/cgroup; echo ---; " + string.Join("; ", _sb.Dirs.Keys.Select(h => $"stat -c %u {_sb.HostPath(h, "user/nobody/0")}")));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("open_session: Success", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("close_session: Success", run.Stdout, StringComparison.Ordinal);
        string[] parts = run.Stdout.Split("---");
        var lines = SessionLines(parts[0]);
        Assert.Equal(_sb.Dirs.Count, lines.Length);
        Assert.All(lines, l => Assert.EndsWith(_sb.Name + "/user/nobody/0", l, StringComparison.Ordinal));
        Assert.All(parts[1].Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains(':', StringComparison.Ordinal)),
            owner => Assert.Equal(Nobody.ToString(System.Globalization.CultureInfo.InvariantCulture), owner.Trim()));
        Assert.All(_sb.Dirs.Keys, h => Assert.False(Directory.Exists(_sb.HostPath(h, "user/nobody")), $"{h}: user/nobody left behind"));
    }

    [Fact]
    public void Controller_list_of_the_old_module_limits_the_hierarchies()
    {
        var run = Session(Service("some", "-c memory,pids"), "cat", "/proc/self/cgroup");
        Assert.True(run.ExitCode == 0, run.ToString());
        var moved = SessionLines(run.Stdout).Where(l => l.EndsWith("/user/nobody/0", StringComparison.Ordinal)).Select(l => l.Split(':')[1]).Order().ToArray();
        Assert.Equal(["memory", "pids"], moved);
    }

    [Fact]
    public void A_second_session_shares_the_users_cgroup_and_the_last_close_removes_it()
    {
        Service("outer", "all");
        string inner = $"{Harness} {_confdir} outer nobody sh -c 'cat /proc/self/cgroup'; " +
                       $"test -d {_sb.HostPath("memory", "user/nobody/1")} && echo inner-left || echo inner-gone; " +
                       $"test -d {_sb.HostPath("memory", "user/nobody/0")} && echo outer-still-there";
        var run = Session("outer", "sh", "-c", inner);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(_sb.Name + "/user/nobody/1", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("inner-gone", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("outer-still-there", run.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sb.HostPath("memory", "user/nobody")));
    }

    [Fact]
    public void Login_goes_on_when_the_daemon_is_not_there()
    {
        File.WriteAllText(Path.Combine(_confdir, "down"),
            $"session optional {Module} socket={_confdir}/no-such-socket\nsession required pam_permit.so\n");
        var clock = Stopwatch.StartNew();
        var run = Session("down", "true");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("open_session: Success", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("session goes on without a cgroup", run.Stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
    }

    [Fact]
    public void A_daemon_that_does_not_answer_costs_the_login_no_more_than_the_timeout()
    {
        string path = Path.Combine(_confdir, "mute.sock");
        using var mute = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        mute.Bind(new UnixDomainSocketEndPoint(path));
        mute.Listen(8); // accepts into the backlog, never answers the SASL line
        File.WriteAllText(Path.Combine(_confdir, "mute"),
            $"session optional {Module} socket={path} timeout=300\nsession required pam_permit.so\n");
        var clock = Stopwatch.StartNew();
        var run = Tool.Run(Harness, [_confdir, "mute", "nobody", "true"]);
        clock.Stop();
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("within the timeout", run.Stderr, StringComparison.Ordinal);
        // open and close each wait 0.3 s at most; the rest is process start-up on a busy machine
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), clock.Elapsed.ToString());
    }
}
