using System.Globalization;

namespace CgManager.Integration.Tests.Service;

/// <summary>sd_notify without libsystemd (issue 15): what a Type=notify service manager receives, on a socket the test made.</summary>
public sealed class NotifyTests
{
    [Fact]
    public void Daemon_sends_READY_on_NOTIFY_SOCKET_once_its_socket_answers()
    {
        string folder = ServiceProcess.NewFolder();
        using var listener = new NotifyListener(Path.Combine(folder, "notify"));
        using var daemon = ServiceProcess.Start(folder, Infrastructure.Repo.DaemonBinary, ["--socket", Path.Combine(folder, "sock")],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = listener.Address });

        var before = listener.ReceiveUntil("READY");
        // The moment READY=1 arrives a client is served: no polling needed by the manager's dependants.
        var ping = ServiceProcess.Ping(daemon.SocketPath);
        Assert.True(ping.ExitCode == 0, $"READY=1 came before the socket answered: {ping}\n{daemon.Stderr}");
        var ready = before[^1];
        Assert.Equal("1", ready["READY"]);
        Assert.Equal(daemon.Pid.ToString(CultureInfo.InvariantCulture), ready["MAINPID"]);
        Assert.StartsWith("serving on " + daemon.SocketPath, ready["STATUS"], StringComparison.Ordinal);
        Assert.Contains(before, m => m.TryGetValue("STATUS", out var s) && s == "mounting hierarchies");
    }

    [Fact]
    public void Daemon_notifies_an_abstract_NOTIFY_SOCKET()
    {
        using var listener = new NotifyListener($"@cgm-test-notify-{Guid.NewGuid():N}");
        using var daemon = ServiceProcess.StartDaemon([], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = listener.Address });
        Assert.Equal("1", listener.ReceiveUntil("READY")[^1]["READY"]);
    }

    [Fact]
    public void SIGHUP_is_notified_as_RELOADING_then_READY_and_the_daemon_keeps_serving()
    {
        using var listener = new NotifyListener($"@cgm-test-notify-{Guid.NewGuid():N}");
        using var daemon = ServiceProcess.StartDaemon([], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = listener.Address });
        listener.ReceiveUntil("READY");

        daemon.Signal("HUP");
        var reloading = listener.Receive();
        Assert.Equal("1", reloading["RELOADING"]);
        long usec = long.Parse(reloading["MONOTONIC_USEC"], CultureInfo.InvariantCulture);
        long now = (long)(System.Diagnostics.Stopwatch.GetTimestamp() / (System.Diagnostics.Stopwatch.Frequency / 1_000_000.0));
        Assert.InRange(usec, now - 60_000_000, now);
        Assert.Equal("1", listener.ReceiveUntil("READY")[^1]["READY"]);
        Assert.False(daemon.HasExited, "SIGHUP killed the daemon");
        Assert.Equal(0, ServiceProcess.Ping(daemon.SocketPath).ExitCode);
        Assert.Contains("SIGHUP: no configuration file to re-read and no log file to reopen", daemon.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SIGTERM_is_notified_as_STOPPING_and_the_daemon_exits_0()
    {
        using var listener = new NotifyListener($"@cgm-test-notify-{Guid.NewGuid():N}");
        using var daemon = ServiceProcess.StartDaemon([], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = listener.Address });
        listener.ReceiveUntil("READY");

        daemon.Signal("TERM");
        var stopping = listener.ReceiveUntil("STOPPING")[^1];
        Assert.Equal("1", stopping["STOPPING"]);
        Assert.Equal(0, daemon.WaitExit());
        Assert.False(File.Exists(daemon.SocketPath), "the daemon left its own socket behind");
    }
}
