using System.Diagnostics;
using System.Text.Json;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Flood;

/// <summary>
/// Issue 12: while uid 1000 floods the daemon (connections, half messages with fds and bytes,
/// silent Scm exchanges, watches, a subscriber that never reads), root is served quickly and
/// fully, and afterwards the daemon's threads, fds and RSS return to their idle values. The
/// flood is a separate process (scripts/flood.py) inside the test's cgroup sandbox, bounded in
/// count and time; root's events run there too, as dbus-python does them.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class FloodTests : IDisposable
{
    private const string RootEventScript = """
        import sys, json, subprocess, dbus, dbus.mainloop.glib
        from gi.repository import GLib
        dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
        conn = dbus.connection.Connection(sys.argv[1])
        m = dbus.Interface(conn.get_object(object_path='/org/linuxcontainers/cgmanager', introspect=False), 'org.linuxcontainers.cgmanager.Manager1')
        cg = sys.argv[2]
        loop = GLib.MainLoop()
        got = []
        def on(c, ev, val):
            if str(c) == cg and str(ev) == 'populated' and not bool(val):
                got.append(1)
                loop.quit()
        conn.add_signal_receiver(on, signal_name='Event', dbus_interface='org.linuxcontainers.cgmanager.Manager1')
        m.Create(cg, dbus.Array([], signature='s'), dbus.Dictionary({}, signature='sv'))
        p = subprocess.Popen(['sleep', '1000'])
        m.MovePid(cg, p.pid)
        m.Watch(cg, ['populated'])
        GLib.timeout_add(300, lambda: (p.kill(), p.wait(), False)[2])
        GLib.timeout_add(8000, loop.quit)
        loop.run()
        print(json.dumps({'event': bool(got)}))
        """;

    /// <summary>Makes the cgroups t0..tN-1 and park, then moves N sleepers between them until stdin closes.</summary>
    private const string TogglerScript = """
        import sys, select, subprocess, dbus
        conn = dbus.connection.Connection(sys.argv[1])
        m = dbus.Interface(conn.get_object(object_path='/org/linuxcontainers/cgmanager', introspect=False), 'org.linuxcontainers.cgmanager.Manager1')
        n = int(sys.argv[2])
        for i in range(n):
            m.Create('t%d' % i, dbus.Array([], signature='s'), dbus.Dictionary({}, signature='sv'))
        m.Create('park', dbus.Array([], signature='s'), dbus.Dictionary({}, signature='sv'))
        print('ready', flush=True)
        if sys.argv[3] == 'setup':
            sys.exit(0)
        sleepers = [subprocess.Popen(['sleep', '1000']) for _ in range(n)]
        try:
            while not select.select([sys.stdin], [], [], 0)[0]:
                for i, p in enumerate(sleepers):
                    m.MovePid('t%d' % i, p.pid)
                for p in sleepers:
                    m.MovePid('park', p.pid)
        finally:
            for p in sleepers:
                p.kill()
                p.wait()
        """;

    private static int s_counter;
    private readonly CgroupSandbox _sb = new();
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public FloodTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    public void Dispose() => _sb.Dispose();

    private string[] InSandbox => [CgroupSandbox.Cgsandbox, "run", _sb.Name, "--"];

    private bool RootGetsAnEvent()
    {
        string cg = $"rootev{Interlocked.Increment(ref s_counter)}";
        var run = _sb.Run(Identity.Root, [Tool.Python, "-c", RootEventScript, _sb.Daemon.Address, cg]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement.GetProperty("event").GetBoolean();
    }

    private Process StartToggler(int cgroups, string mode)
    {
        var start = new ProcessStartInfo(CgroupSandbox.Cgsandbox)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "run", _sb.Name, "--", Tool.Python, "-c", TogglerScript, _sb.Daemon.Address, cgroups.ToString(System.Globalization.CultureInfo.InvariantCulture), mode })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(60)) || ready.Result != "ready")
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the toggler did not start: " + process.StandardError.ReadToEnd());
        }

        return process;
    }

    private static void Stop(Process process)
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private static string[] Cgroups(int n) => [.. Enumerable.Range(0, n).Select(i => $"t{i}")];

    /// <summary>
    /// Issue 12 finding 4: a subscriber that stops reading while its cgroups toggle used to block
    /// the one shared timer in a send (root's events stopped, a thread leaked every second).
    /// </summary>
    [Fact]
    public void A_subscriber_that_stops_reading_is_dropped_and_roots_events_go_on()
    {
        const int N = 64;
        Stop(StartToggler(N, "setup"));
        int idleThreads = DaemonProbe.Threads(_sb.Daemon.Pid);
        using var slow = FloodProcess.Start(_sb.Daemon.SocketPath, ["--slow-watch", string.Join(',', Cgroups(N)), "--hold", "120"], InSandbox);
        Assert.Equal(N, slow.ReadyCount("slow_ok"));
        var toggler = StartToggler(N, "toggle");
        int maxThreads = 0;
        try
        {
            var clock = Stopwatch.StartNew();
            bool dropped = DaemonProbe.Eventually(() =>
            {
                maxThreads = Math.Max(maxThreads, DaemonProbe.Threads(_sb.Daemon.Pid));
                return _sb.Daemon.Stderr.Contains("dropping Watch subscriber", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(40));
            Assert.True(dropped, $"the stalled subscriber was not dropped within {clock.Elapsed.TotalSeconds:0} s");
            Assert.True(RootGetsAnEvent(), "root's event did not arrive while the cgroups toggle");
        }
        finally
        {
            Stop(toggler);
        }

        _output.WriteLine($"daemon threads: idle {idleThreads}, at most {maxThreads} while the subscriber stalled");
        Assert.True(maxThreads <= idleThreads + 12, $"daemon threads grew from {idleThreads} to {maxThreads}");
    }

    [Fact]
    public void Under_a_flood_by_uid_1000_root_is_served_and_the_daemon_returns_to_idle()
    {
        var daemon = _sb.Daemon;
        var quiet = DaemonProbe.PingLatencies(daemon.SocketPath, 2000);
        Assert.True(RootGetsAnEvent(), "root's event did not arrive before the flood");
        DaemonProbe.Usage idle = DaemonProbe.Measure(daemon);
        Assert.True(DaemonProbe.Eventually(() => (idle = DaemonProbe.Measure(daemon)).Threads == DaemonProbe.Measure(daemon).Threads, TimeSpan.FromSeconds(10)));
        var flood = FloodProcess.Start(daemon.SocketPath,
            // one user's connection share (256) split between the kinds of flood, so that each runs
            ["--connections", "200", "--half-fds", "8", "--half-bytes", "16", "--scm", "100", "--watches", "30", "--hold", "120"], InSandbox);
        DaemonProbe.Usage peak;
        double p99, p50;
        try
        {
            peak = DaemonProbe.Measure(daemon);
            var latencies = DaemonProbe.PingLatencies(daemon.SocketPath, 2000);
            p50 = DaemonProbe.Percentile(latencies, 50);
            p99 = DaemonProbe.Percentile(latencies, 99);
            Assert.NotNull(DaemonProbe.RootScmGetPidCgroup(daemon.SocketPath));
            Assert.True(RootGetsAnEvent(), "root's event did not arrive during the flood");
            peak = new DaemonProbe.Usage(Math.Max(peak.Threads, DaemonProbe.Threads(daemon.Pid)), Math.Max(peak.Fds, daemon.FdCount), Math.Max(peak.RssKiB, daemon.RssKiB));
        }
        finally
        {
            flood.Dispose();
        }

        var report = $"flood got {flood.Ready}; root Ping without flood p50 {DaemonProbe.Percentile(quiet, 50):0.00} ms p99 {DaemonProbe.Percentile(quiet, 99):0.00} ms, " +
            $"under flood p50 {p50:0.00} ms p99 {p99:0.00} ms (2000 pings each); idle {idle}; under flood {peak}";
        // The target is 5 ms. This is a shared 2-core VM, where the machine's own scheduling noise
        // (measured just before, without the flood) can exceed that: then the flood must add none of its own.
        double quietP99 = DaemonProbe.Percentile(quiet, 99);
        _output.WriteLine(report);
        Assert.True(p99 < 5 || p99 <= quietP99 * 1.5, report);
        DaemonProbe.Usage after = idle;
        bool settled = DaemonProbe.Eventually(() =>
        {
            after = DaemonProbe.Measure(daemon);
            return after.Threads <= idle.Threads + 2 && after.Fds <= idle.Fds && after.RssKiB <= idle.RssKiB + 16 * 1024;
        }, TimeSpan.FromSeconds(30));
        _output.WriteLine($"{report}; after {after}");
        Assert.True(settled, $"{report}; after {after}");
    }
}
