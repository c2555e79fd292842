using System.Text.Json;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Modern;

/// <summary>Manager1.Watch: Event signals reach the connection that asked, as dbus-python with a GLib loop receives them.</summary>
public sealed class Manager1EventTests : IClassFixture<SandboxFixture>
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
            got.append([str(cg), str(ev), bool(val) if isinstance(val, dbus.Boolean) else int(val)])
            if WANT(got): loop.quit()
        conn.add_signal_receiver(on, signal_name='Event', dbus_interface='org.linuxcontainers.cgmanager.Manager1')

        """;

    private static int s_counter;
    private readonly CgroupSandbox _sb;

    public Manager1EventTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private JsonElement Run(string body)
    {
        var run = _sb.Run(Identity.Root, [Tool.Python, "-c", Script + body, _sb.Daemon.Address]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    [Fact]
    public void Emptying_a_watched_cgroup_sends_populated_false()
    {
        string cg = $"ev{Interlocked.Increment(ref s_counter)}";
        var r = Run($$"""
            WANT = lambda g: any(e[1] == 'populated' and e[2] is False for e in g)
            m.Create('{{cg}}', dbus.Array([], signature='s'), dbus.Dictionary({}, signature='sv'))
            p = subprocess.Popen(['sleep', '1000'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            m.MovePid('{{cg}}', p.pid)
            m.Watch('{{cg}}', ['populated'])
            GLib.timeout_add(300, lambda: (p.kill(), p.wait(), False)[2])
            GLib.timeout_add(5000, loop.quit)
            loop.run()
            print(json.dumps({'got': got}))
            """);
        Assert.Contains(r.GetProperty("got").EnumerateArray(),
            e => e[0].GetString() == cg && e[1].GetString() == "populated" && e[2].ValueKind == JsonValueKind.False);
    }

    [Fact]
    public void An_oom_kill_in_a_small_memory_limit_sends_oom_kill()
    {
        string cg = $"ev{Interlocked.Increment(ref s_counter)}";
        var r = Run($$"""
            WANT = lambda g: any(e[1] == 'oom_kill' and e[2] >= 1 for e in g)
            m.Create('{{cg}}', dbus.Array([], signature='s'), {'memory.limit': '16M'})
            m.Watch('{{cg}}', ['oom_kill'])
            p = subprocess.Popen(['sh', '-c', 'read x; exec tail /dev/zero'], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            m.MovePid('{{cg}}', p.pid)
            p.stdin.write(b'go\n'); p.stdin.flush()
            GLib.timeout_add(10000, loop.quit)
            loop.run()
            p.kill(); p.wait()
            print(json.dumps({'got': got, 'rc': p.returncode}))
            """);
        Assert.Contains(r.GetProperty("got").EnumerateArray(),
            e => e[0].GetString() == cg && e[1].GetString() == "oom_kill" && e[2].GetInt32() >= 1);
    }

    [Fact]
    public void An_unknown_event_is_refused_with_a_precise_error()
    {
        string cg = $"ev{Interlocked.Increment(ref s_counter)}";
        var r = Run($$"""
            WANT = lambda g: False
            m.Create('{{cg}}', dbus.Array([], signature='s'), dbus.Dictionary({}, signature='sv'))
            try:
                m.Watch('{{cg}}', ['sunrise'])
                print(json.dumps({'error': ''}))
            except dbus.exceptions.DBusException as e:
                print(json.dumps({'error': e.get_dbus_name(), 'message': e.get_dbus_message()}))
            """);
        Assert.Equal("org.linuxcontainers.cgmanager.Error.InvalidArgument", r.GetProperty("error").GetString());
        Assert.Contains("sunrise", r.GetProperty("message").GetString());
    }
}
