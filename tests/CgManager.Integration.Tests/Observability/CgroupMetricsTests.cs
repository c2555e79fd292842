using System.Globalization;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Observability;

/// <summary>A sandboxed daemon with --metrics: its socket lives in a folder of the test's, outside the sandbox's namespaces.</summary>
public sealed class MetricsSandboxFixture : IDisposable
{
    public MetricsSandboxFixture()
    {
        MetricsSocket = Path.Combine(Directory.CreateTempSubdirectory("cgm-cgmetrics-").FullName, "metrics.sock");
        Sandbox = new CgroupSandbox(["--metrics", "unix:" + MetricsSocket]);
    }

    public string MetricsSocket { get; }

    public CgroupSandbox Sandbox { get; }

    public void Dispose() => Sandbox.Dispose();
}

/// <summary>
/// Issue 16, point 5: the cgroups' usage under cAdvisor's names and id label, read through GetTree as the daemon
/// itself, scraped with curl and checked with promtool; and what a scrape of 1,000 cgroups costs.
/// </summary>
public sealed class CgroupMetricsTests(MetricsSandboxFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<MetricsSandboxFixture>
{
    private const string Prelude = """
        import sys, subprocess, time, dbus
        conn = dbus.connection.Connection(sys.argv[1])
        obj = conn.get_object(object_path='/org/linuxcontainers/cgmanager', introspect=False)
        m = dbus.Interface(obj, 'org.linuxcontainers.cgmanager.Manager1')

        """;

    private readonly CgroupSandbox _sb = fixture.Sandbox;

    private void Python(string body)
    {
        var run = _sb.Run(Identity.Root, [Tool.Python, "-c", Prelude + body, _sb.Daemon.Address]);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    private string Scrape() =>
        Tool.Ok("curl", "--silent", "--show-error", "--fail", "--max-time", "60", "--unix-socket", fixture.MetricsSocket, "http://localhost/metrics");

    private static double? Sample(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [Fact]
    public void A_busy_cgroups_cpu_time_and_memory_appear_under_cadvisor_names_and_pass_promtool()
    {
        // one second of a busy loop inside m1: the CPU time it used stays on the cgroup's counters
        Python("""
            m.Create('m1', dbus.Array([], signature='s'), dbus.Dictionary({}, signature='sv'))
            hog = subprocess.Popen(['sh', '-c', 'while :; do :; done'])
            m.MovePid('m1', hog.pid)
            time.sleep(1)
            hog.kill(); hog.wait()
            """);
        string text = Scrape();
        double? cpu = Sample(text, "container_cpu_usage_seconds_total{id=\"/m1\"}");
        Assert.True(cpu > 0.05, $"cpu of /m1: {cpu}\n{text}");
        Assert.True(Sample(text, "container_cpu_usage_seconds_total{id=\"/\"}") >= cpu, text);
        Assert.NotNull(Sample(text, "container_memory_working_set_bytes{id=\"/m1\"}"));
        Assert.NotNull(Sample(text, "container_memory_usage_bytes{id=\"/m1\"}"));
        Assert.Equal(0, Sample(text, "container_threads{id=\"/m1\"}"));
        // this hybrid host's cgroup2 mount carries PSI, read from the unified hierarchy
        Assert.NotNull(Sample(text, "container_pressure_cpu_waiting_seconds_total{id=\"/m1\"}"));
        var check = Tool.Run(Repo.Promtool, ["check", "metrics"], stdin: text);
        Assert.True(check.ExitCode == 0, $"promtool: {check}");
    }

    [Fact]
    public void An_event_the_watcher_received_is_counted_as_delivered()
    {
        double before = Sample(Scrape(), "cgmanager_events_delivered_total") ?? 0;
        Python("""
            import dbus.mainloop.glib
            from gi.repository import GLib
            dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
            conn = dbus.connection.Connection(sys.argv[1])
            m = dbus.Interface(conn.get_object(object_path='/org/linuxcontainers/cgmanager', introspect=False), 'org.linuxcontainers.cgmanager.Manager1')
            loop = GLib.MainLoop()
            got = []
            conn.add_signal_receiver(lambda cg, ev, val: (got.append(ev), loop.quit()), signal_name='Event', dbus_interface='org.linuxcontainers.cgmanager.Manager1')
            m.Create('ev1', dbus.Array([], signature='s'), dbus.Dictionary({}, signature='sv'))
            m.Watch('ev1', ['populated'])
            p = subprocess.Popen(['sleep', '1000'])
            m.MovePid('ev1', p.pid)
            GLib.timeout_add(10000, loop.quit)
            loop.run()
            p.kill(); p.wait()
            assert got, 'no event arrived'
            """);
        Assert.True(Sample(Scrape(), "cgmanager_events_delivered_total") >= before + 1);
    }

    [Fact]
    public void A_scrape_of_a_thousand_cgroups_reads_them_all()
    {
        Python("""
            none, values = dbus.Array([], signature='s'), dbus.Dictionary({}, signature='sv')
            m.Create('many', none, values)
            for i in range(1000):
                m.Create('many/c%d' % i, none, values)
            """);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string text = Scrape();
            var elapsed = clock.Elapsed;
            double? read = Sample(text, "cgmanager_cgroup_scrape_cgroups");
            Assert.True(read >= 1001, $"cgroups read: {read}");
            Assert.NotNull(Sample(text, "container_memory_usage_bytes{id=\"/many/c999\"}"));
            output.WriteLine($"a scrape of {read} cgroups: {elapsed.TotalMilliseconds:0} ms end to end, " +
                $"{Sample(text, "cgmanager_cgroup_scrape_seconds") * 1000:0} ms reading them, {text.Length / 1024} KiB of text");
        }
        finally
        {
            Python("m.Delete('many', True)");
        }
    }
}
