using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Service;

/// <summary>The log's sinks and formats (issue 15): journal priorities, syslog for --daemon, JSON lines, a log file reopened on SIGHUP.</summary>
public sealed partial class LoggingTests
{
    /// <summary>Runs the daemon with stderr in a file, optionally naming that file in JOURNAL_STREAM as systemd does.</summary>
    private static string[] StderrLines(bool journalIsStderr, params string[] extra)
    {
        string folder = ServiceProcess.NewFolder();
        try
        {
            string log = Path.Combine(folder, "stderr");
            File.WriteAllText(log, "");
            string journal = journalIsStderr ? "$(stat -c %d:%i \"$2\")" : "1:1";
            var run = Tool.Run("bash", ["-c",
                $"JOURNAL_STREAM={journal} \"$0\" --socket \"$1\" {string.Join(' ', extra)} 2>>\"$2\" & pid=$!; " +
                "for i in $(seq 400); do grep -q ' ready on ' \"$2\" && break; sleep 0.05; done; kill -TERM $pid; wait $pid",
                Repo.DaemonBinary, Path.Combine(folder, "sock"), log]);
            Assert.True(run.ExitCode == 0, run + "\n" + File.ReadAllText(log));
            return File.ReadAllLines(log);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Lines_to_the_journal_carry_its_priority_prefix()
    {
        var lines = StderrLines(journalIsStderr: true);
        Assert.Contains(lines, l => l.StartsWith("<6>info: cgmanager ", StringComparison.Ordinal) && l.Contains(" ready on ", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(@"^<[3467]>", l));
    }

    [Fact]
    public void JOURNAL_STREAM_of_another_file_leaves_stderr_lines_plain()
    {
        var lines = StderrLines(journalIsStderr: false);
        Assert.Contains(lines, l => l.StartsWith("cgmanager: info: cgmanager ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith('<'));
    }

    [Fact]
    public void Log_format_json_writes_one_object_per_line()
    {
        var lines = StderrLines(journalIsStderr: false, "--log-format", "json");
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", root.GetProperty("time").GetString()!);
            Assert.Contains(root.GetProperty("level").GetString(), new[] { "debug", "info", "warning", "error" });
            Assert.True(root.GetProperty("pid").GetInt32() > 0);
            Assert.NotNull(root.GetProperty("message").GetString());
        }

        Assert.Contains(lines, l => l.Contains("\"message\":\"stopping\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Daemon_mode_logs_to_syslog_as_RFC_3164_datagrams()
    {
        string folder = ServiceProcess.NewFolder();
        string syslog = Path.Combine(folder, "log");
        using var receiver = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        receiver.Bind(new UnixDomainSocketEndPoint(syslog));
        receiver.ReceiveTimeout = 20_000;
        string pidFile = Path.Combine(folder, "pid");
        try
        {
            var start = Tool.Run(Repo.DaemonBinary, ["--daemon", "--socket", Path.Combine(folder, "sock"), "--pidfile", pidFile],
                env: new Dictionary<string, string> { ["CGMANAGER_SYSLOG_SOCKET"] = syslog });
            Assert.True(start.ExitCode == 0, start.ToString());
            string pid = File.ReadAllText(pidFile).Trim();
            var buffer = new byte[4096];
            string ready = "";
            while (!ready.Contains(" ready on ", StringComparison.Ordinal))
            {
                ready = Encoding.UTF8.GetString(buffer, 0, receiver.Receive(buffer));
                // daemon facility (3) * 8 + severity; the day of the month padded with a space.
                Assert.Matches(SyslogLine(), ready);
            }

            Assert.StartsWith("<30>", ready, StringComparison.Ordinal);
            Assert.Contains($" cgmanager[{pid}]: info: cgmanager ", ready, StringComparison.Ordinal);
            Tool.Ok("kill", "-TERM", pid);
            string stopping = "";
            while (!stopping.EndsWith(": info: stopping", StringComparison.Ordinal))
            {
                stopping = Encoding.UTF8.GetString(buffer, 0, receiver.Receive(buffer));
            }
        }
        finally
        {
            if (File.Exists(pidFile))
            {
                Tool.Run("kill", "-KILL", File.ReadAllText(pidFile).Trim());
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void SIGHUP_reopens_the_log_file_that_logrotate_moved_away()
    {
        string folder = ServiceProcess.NewFolder();
        string log = Path.Combine(folder, "cgmanager.log");
        using var daemon = ServiceProcess.Start(folder, Repo.DaemonBinary, ["--socket", Path.Combine(folder, "sock"), "--log-file", log]);
        daemon.WaitAnswering();
        File.Move(log, log + ".1");

        daemon.Signal("HUP");
        WaitFor(() => File.Exists(log) && File.ReadAllText(log).Contains("SIGHUP: reopened the log file " + log, StringComparison.Ordinal),
            () => $"no reopened log at {log}:\n{daemon.Stderr}");
        Assert.Contains(" ready on ", File.ReadAllText(log + ".1"), StringComparison.Ordinal);
        Assert.False(daemon.HasExited);
        Assert.Equal(0, ServiceProcess.Ping(daemon.SocketPath).ExitCode);
        daemon.Signal("TERM");
        Assert.Equal(0, daemon.WaitExit());
        Assert.EndsWith("cgmanager: info: stopping", File.ReadAllLines(log)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void SIGHUP_reopens_the_log_also_when_the_daemon_was_started_with_SIGHUP_ignored_as_nohup_does()
    {
        string folder = ServiceProcess.NewFolder();
        string log = Path.Combine(folder, "cgmanager.log");
        // sh ignores SIGHUP and execs the daemon in place (same pid), as nohup does
        using var daemon = ServiceProcess.Start(folder, "/bin/sh",
            ["-c", "trap '' HUP; exec \"$0\" \"$@\"", Repo.DaemonBinary, "--socket", Path.Combine(folder, "sock"), "--log-file", log]);
        daemon.WaitAnswering();
        File.Move(log, log + ".1");

        daemon.Signal("HUP");
        WaitFor(() => File.Exists(log) && File.ReadAllText(log).Contains("SIGHUP: reopened the log file " + log, StringComparison.Ordinal),
            () => $"no reopened log at {log} (SIGHUP left ignored?):\n{daemon.Stderr}");
        Assert.False(daemon.HasExited);
        daemon.Signal("TERM");
        Assert.Equal(0, daemon.WaitExit());
    }

    private static void WaitFor(Func<bool> condition, Func<string> failure)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), failure());
            Thread.Sleep(20);
        }
    }

    [GeneratedRegex(@"^<(27|28|30|31)>(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 1-3]\d \d\d:\d\d:\d\d cgmanager\[\d+\]: (debug|info|warning|error): ")]
    private static partial Regex SyslogLine();
}
