using System.Text.Json;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Modern;

/// <summary>
/// Manager1.WatchPressure (issue 16, point 4): a PSI trigger on the cgroup's v2 pressure file fires under load and
/// arrives as an Event signal, as dbus-python with a GLib loop receives it; bad triggers are refused precisely.
/// </summary>
public sealed class Manager1PressureTests : IClassFixture<SandboxFixture>
{
    private const string Script = """
        import sys, os, json, subprocess, dbus, dbus.mainloop.glib
        from gi.repository import GLib
        dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
        conn = dbus.connection.Connection(sys.argv[1])
        m = dbus.Interface(conn.get_object(object_path='/org/linuxcontainers/cgmanager', introspect=True), 'org.linuxcontainers.cgmanager.Manager1')
        loop = GLib.MainLoop()
        got = []
        def on(cg, ev, val):
            got.append([str(cg), str(ev), str(val)])
            if ev == 'pressure': loop.quit()
        conn.add_signal_receiver(on, signal_name='Event', dbus_interface='org.linuxcontainers.cgmanager.Manager1')
        def refused(call):
            try:
                call()
                return {'error': ''}
            except dbus.exceptions.DBusException as e:
                return {'error': e.get_dbus_name(), 'message': e.get_dbus_message()}

        """;

    private static int s_counter;
    private readonly CgroupSandbox _sb;

    public Manager1PressureTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private JsonElement Run(string body)
    {
        var run = _sb.Run(Identity.Root, [Tool.Python, "-c", Script + body, _sb.Daemon.Address]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    [PsiTriggerFact]
    public void Cpu_hogs_in_a_watched_cgroup_fire_its_cpu_pressure_trigger()
    {
        string cg = $"psi{Interlocked.Increment(ref s_counter)}";
        var r = Run($$"""
            m.Create('{{cg}}', dbus.Array([], signature='s'), dbus.Dictionary({}, signature='sv'))
            m.WatchPressure('{{cg}}', dbus.Dictionary({'resource': 'cpu', 'kind': 'some', 'threshold_us': dbus.UInt32(50000), 'window_us': dbus.UInt32(1000000)}, signature='sv'))
            hogs = [subprocess.Popen(['sh', '-c', 'while :; do :; done']) for _ in range(4)]
            for h in hogs: m.MovePid('{{cg}}', h.pid)
            GLib.timeout_add(20000, loop.quit)
            loop.run()
            for h in hogs: h.kill(); h.wait()
            print(json.dumps({'got': got}))
            """);
        Assert.Contains(r.GetProperty("got").EnumerateArray(),
            e => e[0].GetString() == cg && e[1].GetString() == "pressure" && e[2].GetString() == "cpu some");
    }

    [Theory]
    [InlineData("{'resource': 'disk', 'threshold_us': dbus.UInt32(1000)}", "InvalidArgument", "pressure resource 'disk'")]
    [InlineData("{'resource': 'cpu'}", "InvalidArgument", "needs threshold_us")]
    [InlineData("{'resource': 'cpu', 'threshold_us': dbus.UInt32(1000), 'window_us': dbus.UInt32(100000)}", "InvalidArgument", "window_us 100000 is outside")]
    [InlineData("{'resource': 'cpu', 'threshold_us': dbus.UInt32(2000000), 'window_us': dbus.UInt32(1000000)}", "InvalidArgument", "at most window_us")]
    [InlineData("{'resource': 'cpu', 'threshold_us': dbus.UInt32(1000), 'treshold': 'typo'}", "InvalidArgument", "unknown WatchPressure option 'treshold'")]
    public void A_bad_trigger_is_refused_with_a_precise_error(string trigger, string reason, string message)
    {
        string cg = $"psi{Interlocked.Increment(ref s_counter)}";
        var r = Run($$"""
            m.Create('{{cg}}', dbus.Array([], signature='s'), dbus.Dictionary({}, signature='sv'))
            print(json.dumps(refused(lambda: m.WatchPressure('{{cg}}', dbus.Dictionary({{trigger}}, signature='sv')))))
            """);
        Assert.Equal("org.linuxcontainers.cgmanager.Error." + reason, r.GetProperty("error").GetString());
        Assert.Contains(message, r.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [PsiTriggerFact]
    public void Watching_a_missing_cgroup_is_refused_and_Unwatch_ends_a_pressure_watch()
    {
        string cg = $"psi{Interlocked.Increment(ref s_counter)}";
        var r = Run($$"""
            missing = refused(lambda: m.WatchPressure('{{cg}}-missing', dbus.Dictionary({'resource': 'memory', 'threshold_us': dbus.UInt32(1000)}, signature='sv')))
            m.Create('{{cg}}', dbus.Array([], signature='s'), dbus.Dictionary({}, signature='sv'))
            m.WatchPressure('{{cg}}', dbus.Dictionary({'resource': 'cpu', 'threshold_us': dbus.UInt32(1000)}, signature='sv'))
            m.Unwatch('{{cg}}')
            hogs = [subprocess.Popen(['sh', '-c', 'while :; do :; done']) for _ in range(4)]
            for h in hogs: m.MovePid('{{cg}}', h.pid)
            GLib.timeout_add(3000, loop.quit)
            loop.run()
            for h in hogs: h.kill(); h.wait()
            print(json.dumps({'missing': missing, 'got': got}))
            """);
        Assert.Equal("org.linuxcontainers.cgmanager.Error.NoSuchCgroup", r.GetProperty("missing").GetProperty("error").GetString());
        Assert.DoesNotContain(r.GetProperty("got").EnumerateArray(), e => e[1].GetString() == "pressure");
    }
}

/// <summary>A test that arms real PSI triggers: skipped, with the reason, on a kernel that refuses them.</summary>
public sealed class PsiTriggerFactAttribute : Xunit.FactAttribute
{
    public PsiTriggerFactAttribute() => Skip = CgManager.Tests.Requirements.HostRequirements.MissingForPsiTriggers;
}
