using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests;

/// <summary>
/// Independent D-Bus implementations talk to the real daemon: sd-bus (busctl), GDBus (gdbus),
/// libdbus (dbus-send, dbus-python). Assertions are on reply content, not only exit codes.
/// </summary>
public sealed class ClientCompatibilityTests : IClassFixture<DaemonFixture>
{
    private const string Dest = "org.linuxcontainers.cgmanager";
    private const string ObjectPath = "/org/linuxcontainers/cgmanager";
    private const string Iface = "org.linuxcontainers.cgmanager0_0";

    private readonly RunningDaemon _daemon;

    public ClientCompatibilityTests(DaemonFixture fixture) => _daemon = fixture.Daemon;

    private string BusctlAddress => "--address=" + _daemon.Address;

    [Fact]
    public void Busctl_ping_succeeds_with_an_empty_reply()
    {
        string output = Tool.Ok("busctl", BusctlAddress, "call", Dest, ObjectPath, Iface, "Ping", "i", "0");
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public void Busctl_lists_the_hosts_controllers()
    {
        string output = Tool.Ok("busctl", BusctlAddress, "call", Dest, ObjectPath, Iface, "ListControllers");
        Assert.StartsWith("as ", output);
        Assert.Contains("\"memory\"", output);
        Assert.Contains("\"name=systemd\"", output);
    }

    [Fact]
    public void Busctl_introspect_shows_the_cgmanager_interface()
    {
        string output = Tool.Ok("busctl", BusctlAddress, "introspect", Dest, ObjectPath);
        Assert.Contains(Iface, output);
        Assert.Contains(".GetPidCgroupScm", output);
        Assert.Contains(".ListKeys", output);
        Assert.Matches(@"\.api_version\s+property\s+i\s+10", output);
    }

    [Fact]
    public void Busctl_reads_api_version_as_10()
    {
        string output = Tool.Ok("busctl", BusctlAddress, "get-property", Dest, ObjectPath, Iface, "api_version");
        Assert.Equal("i 10", output.Trim());
    }

    [Fact]
    public void Busctl_sees_UnknownMethod_for_a_member_that_does_not_exist()
    {
        var result = Tool.Run("busctl", BusctlAddress, "call", Dest, ObjectPath, Iface, "NoSuchMethod");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("NoSuchMethod", result.Stderr);
    }

    [Fact]
    public void Gdbus_ping_returns_an_empty_tuple()
    {
        string output = Tool.Ok("gdbus", "call", "--address", _daemon.Address, "--dest", Dest, "--object-path", ObjectPath, "--method", Iface + ".Ping", "0");
        Assert.Equal("()", output.Trim());
    }

    [Fact]
    public void Gdbus_lists_controllers_and_reads_the_property()
    {
        string controllers = Tool.Ok("gdbus", "call", "--address", _daemon.Address, "--dest", Dest, "--object-path", ObjectPath, "--method", Iface + ".ListControllers");
        Assert.StartsWith("([", controllers.Trim());
        Assert.Contains("'memory'", controllers);

        string version = Tool.Ok("gdbus", "call", "--address", _daemon.Address, "--dest", Dest, "--object-path", ObjectPath,
            "--method", "org.freedesktop.DBus.Properties.Get", Iface, "api_version");
        Assert.Equal("(<10>,)", version.Trim());
    }

    [Fact]
    public void Gdbus_introspect_lists_every_method_with_its_arguments()
    {
        string output = Tool.Ok("gdbus", "introspect", "--address", _daemon.Address, "--dest", Dest, "--object-path", ObjectPath);
        Assert.Contains("interface " + Iface, output);
        Assert.Contains("MovePidAbsScm(in  s controller,", output);
        Assert.Contains("readonly i api_version = 10;", output);
    }

    [Fact]
    public void Dbus_send_calls_ping_list_introspect_and_property()
    {
        string[] common = ["--peer=" + _daemon.Address, "--print-reply", ObjectPath];
        Tool.Ok("dbus-send", [.. common, Iface + ".Ping", "int32:0"]);

        string controllers = Tool.Ok("dbus-send", [.. common, Iface + ".ListControllers"]);
        Assert.Contains("array [", controllers);
        Assert.Contains("string \"memory\"", controllers);

        string xml = Tool.Ok("dbus-send", [.. common, "org.freedesktop.DBus.Introspectable.Introspect"]);
        Assert.Contains($"<interface name=\"{Iface}\">", xml);

        string version = Tool.Ok("dbus-send", [.. common, "org.freedesktop.DBus.Properties.Get", "string:" + Iface, "string:api_version"]);
        Assert.Contains("variant       int32 10", version);
    }

    [Fact]
    public void Dbus_send_peer_interface_answers_ping_and_machine_id()
    {
        Tool.Ok("dbus-send", "--peer=" + _daemon.Address, "--print-reply", ObjectPath, "org.freedesktop.DBus.Peer.Ping");
        string id = Tool.Ok("dbus-send", "--peer=" + _daemon.Address, "--print-reply", ObjectPath, "org.freedesktop.DBus.Peer.GetMachineId");
        Assert.Matches("string \"[0-9a-f]{32}\"", id);
    }

    [Fact]
    public void Dbus_python_calls_methods_and_reads_the_property()
    {
        const string script = """
            import sys, json, dbus
            conn = dbus.connection.Connection(sys.argv[1])
            obj = conn.get_object(object_path='/org/linuxcontainers/cgmanager', introspect=False)
            iface = 'org.linuxcontainers.cgmanager0_0'
            obj.Ping(0, dbus_interface=iface)
            controllers = [str(c) for c in obj.ListControllers(dbus_interface=iface)]
            version = int(obj.Get(iface, 'api_version', dbus_interface='org.freedesktop.DBus.Properties'))
            allprops = {str(k): int(v) for k, v in obj.GetAll(iface, dbus_interface='org.freedesktop.DBus.Properties').items()}
            try:
                obj.Set(iface, 'api_version', dbus.Int32(11, variant_level=1), dbus_interface='org.freedesktop.DBus.Properties')
                denied = ''
            except dbus.exceptions.DBusException as e:
                denied = e.get_dbus_name()
            print(json.dumps({'controllers': controllers, 'version': version, 'all': allprops, 'denied': denied}))
            """;
        var result = Tool.Run(Tool.Python, ["-c", script, _daemon.Address]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        Assert.Equal(10, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(10, json.RootElement.GetProperty("all").GetProperty("api_version").GetInt32());
        Assert.Equal("org.freedesktop.DBus.Error.AccessDenied", json.RootElement.GetProperty("denied").GetString());
        Assert.Contains(json.RootElement.GetProperty("controllers").EnumerateArray(), c => c.GetString() == "memory");
    }
}
