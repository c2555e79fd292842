using System.Text.Json;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Service;

/// <summary>Socket activation (LISTEN_FDS), without PID 1 being systemd (issue 15).</summary>
public sealed class SocketActivationTests
{
    [Fact]
    public void Daemon_under_systemd_socket_activate_serves_the_inherited_socket()
    {
        string folder = ServiceProcess.NewFolder();
        string activated = Path.Combine(folder, "activated");
        string own = Path.Combine(folder, "sock");
        using var daemon = ServiceProcess.Start(folder, "systemd-socket-activate",
            ["-l", activated, "--fdname=cgmanager", Repo.DaemonBinary, "--socket", own, "--debug"]);
        daemon.WaitAnswering(activated);

        var controllers = Tool.Run("busctl", ["--address=unix:path=" + activated, "call", "org.linuxcontainers.cgmanager",
            "/org/linuxcontainers/cgmanager", "org.linuxcontainers.cgmanager0_0", "ListControllers"]);
        Assert.True(controllers.ExitCode == 0, controllers.ToString());
        Assert.StartsWith("as ", controllers.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(own), "the daemon bound --socket although it was handed one");
        Assert.Contains($"ready on {activated} (inherited socket)", daemon.Stderr, StringComparison.Ordinal);

        daemon.Signal("TERM");
        Assert.Equal(0, daemon.WaitExit());
        Assert.True(File.Exists(activated), "the daemon unlinked the socket it inherited");
    }

    [Fact]
    public void Inherited_socket_still_takes_connections_after_the_daemon_stops()
    {
        string folder = ServiceProcess.NewFolder();
        try
        {
            string path = Path.Combine(folder, "sock");
            var run = Tool.Run(Tool.Python, [Path.Combine(Repo.Root, "tests", "CgManager.Integration.Tests", "scripts", "activate.py"),
                path, Repo.DaemonBinary, "--socket", Path.Combine(folder, "unused")], TimeSpan.FromSeconds(60));
            Assert.True(run.ExitCode == 0, run.ToString());
            using var result = JsonDocument.Parse(run.Stdout);
            var root = result.RootElement;
            Assert.Equal("", root.GetProperty("answer").GetString());
            Assert.Equal(0, root.GetProperty("exit").GetInt32());
            Assert.True(root.GetProperty("path_exists").GetBoolean(), run.Stdout);
            // A shutdown(2) of the inherited socket would refuse this: the manager could not activate us again.
            Assert.True(root.GetProperty("still_listening").ValueKind == JsonValueKind.True, run.Stdout);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void LISTEN_FDS_meant_for_another_process_is_ignored_and_the_daemon_binds_its_own_socket()
    {
        using var daemon = ServiceProcess.StartDaemon([], new Dictionary<string, string> { ["LISTEN_FDS"] = "1", ["LISTEN_PID"] = "1" });
        daemon.WaitAnswering();
        Assert.DoesNotContain("inherited", daemon.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void LISTEN_FDS_for_us_without_a_listening_socket_fails_with_a_clear_message()
    {
        string folder = ServiceProcess.NewFolder();
        try
        {
            // fd 3 is a pipe, not a socket; LISTEN_PID is the daemon's own pid (exec keeps it).
            var run = Tool.Run("bash", ["-c", "exec 3</dev/null; LISTEN_FDS=1 LISTEN_PID=$$ exec \"$0\" --socket \"$1\"",
                Repo.DaemonBinary, Path.Combine(folder, "sock")]);
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("socket activation: fd 3 is not a listening AF_UNIX stream socket", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
