using System.Text.Json;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Hardening;

/// <summary>Manager1 and compat calls through dbus-python inside the sandbox; each snippet prints one JSON line.</summary>
internal static class Manager1Python
{
    public const string Prelude = """
        import sys, os, json, dbus
        conn = dbus.connection.Connection(sys.argv[1])
        obj = conn.get_object(object_path='/org/linuxcontainers/cgmanager', introspect=True)
        m = dbus.Interface(obj, 'org.linuxcontainers.cgmanager.Manager1')
        compat = dbus.Interface(obj, 'org.linuxcontainers.cgmanager0_0')
        S = lambda: dbus.Array([], signature='s')
        V = lambda d: dbus.Dictionary(d, signature='sv')
        def out(**kw): print(json.dumps(kw, default=lambda o: str(o)))
        def call(f, *a):
            try:
                return {'ok': True, 'value': f(*a)}
            except dbus.exceptions.DBusException as e:
                return {'ok': False, 'error': e.get_dbus_name(), 'message': e.get_dbus_message()}

        """;

    public const string ErrorPrefix = "org.linuxcontainers.cgmanager.Error.";

    /// <summary>Runs <paramref name="body"/> as <paramref name="who"/> (root by default), from <paramref name="inCgroup"/>; returns its last JSON line.</summary>
    public static JsonElement Py(this CgroupSandbox sb, string body, Identity? who = null, string? inCgroup = null)
    {
        var run = sb.Run(who ?? Identity.Root, [Tool.Python, "-c", Prelude + body, sb.Daemon.Address], inCgroup);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    public static bool Ok(this JsonElement result) => result.GetProperty("ok").GetBoolean();

    public static string Error(this JsonElement result) => result.GetProperty("error").GetString()!;

    public static string Message(this JsonElement result) => result.GetProperty("message").GetString()!;
}
