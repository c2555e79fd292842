using System.Text.Json;

namespace CgManager.Integration.Tests.Sandbox;

/// <summary>Builds each client's command line for one compat call and reads its output back into a <see cref="CallResult"/>.</summary>
public static class ClientCommands
{
    public const string Iface = "org.linuxcontainers.cgmanager0_0";
    public const string ObjectPath = "/org/linuxcontainers/cgmanager";

    /// <summary>Input signatures of the plain compat methods (spec §3.1); "api_version" reads the property.</summary>
    public static readonly IReadOnlyDictionary<string, string> InSignature = new Dictionary<string, string>
    {
        ["Ping"] = "i", ["GetPidCgroup"] = "si", ["GetPidCgroupAbs"] = "si", ["Create"] = "ss", ["Chown"] = "ssii",
        ["Chmod"] = "sssi", ["MovePid"] = "ssi", ["MovePidAbs"] = "ssi", ["GetValue"] = "sss", ["SetValue"] = "ssss",
        ["Remove"] = "ssi", ["GetTasks"] = "ss", ["GetTasksRecursive"] = "ss", ["ListChildren"] = "ss",
        ["RemoveOnEmpty"] = "ss", ["Prune"] = "ss", ["ListControllers"] = "", ["ListKeys"] = "ss", ["api_version"] = "",
    };

    public static string TestClientDll { get; } = FindTestClient();

    public static IReadOnlyList<string> Command(Client client, string socket, string method, IReadOnlyList<string> args)
    {
        string sig = InSignature[method];
        Assert.True(sig.Length == args.Count, $"{method} takes {sig.Length} arguments, the test gave {args.Count}");
        return client switch
        {
            Client.TestClient => ["dotnet", TestClientDll, socket, method, .. args],
            Client.DbusPython => [Infrastructure.Tool.Python, "-c", PythonScript, socket, method, .. args],
            Client.Busctl when method == "api_version" =>
                ["busctl", "--json=short", "--address=unix:path=" + socket, "--", "get-property", "org.linuxcontainers.cgmanager", ObjectPath, Iface, "api_version"],
            Client.Busctl => ["busctl", "--json=short", "--address=unix:path=" + socket, "--", "call", "org.linuxcontainers.cgmanager", ObjectPath, Iface, method,
                .. sig.Length > 0 ? (IEnumerable<string>)[sig, .. args] : []],
            _ => throw new ArgumentOutOfRangeException(nameof(client)),
        };
    }

    public static CallResult Parse(Client client, string method, string command, Infrastructure.ToolResult run)
    {
        string raw = run.ToString();
        if (client == Client.Busctl)
        {
            if (run.ExitCode != 0)
            {
                string message = run.Stderr.Trim();
                const string prefix = "Call failed: ";
                Assert.True(message.StartsWith(prefix, StringComparison.Ordinal), $"busctl failed without a D-Bus error:\n{raw}");
                return new CallResult(client, command, false, [], null, message[prefix.Length..], raw);
            }

            return new CallResult(client, command, true, BusctlValues(run.Stdout, method == "api_version"), null, null, raw);
        }

        if (run.ExitCode == 1 && run.Stdout.StartsWith("error ", StringComparison.Ordinal))
        {
            string line = run.Stdout[6..].TrimEnd('\n');
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            return new CallResult(client, command, false, [], line[..colon], line[(colon + 2)..], raw);
        }

        Assert.True(run.ExitCode == 0, $"{client} did not complete the call:\n{raw}");
        string[] lines = run.Stdout.Length == 0 ? [] : run.Stdout.TrimEnd('\n').Split('\n');
        return new CallResult(client, command, true, lines, null, null, raw);
    }

    // busctl --json=short: a call prints {"type":"<out signature>","data":[<one element per out argument>]};
    // get-property prints {"type":"i","data":10}.
    private static List<string> BusctlValues(string stdout, bool property)
    {
        var values = new List<string>();
        if (string.IsNullOrWhiteSpace(stdout))
        {
            return values;
        }

        using var json = JsonDocument.Parse(stdout);
        var data = json.RootElement.GetProperty("data");
        IEnumerable<JsonElement> outArgs = property ? [data] : data.EnumerateArray();
        foreach (var arg in outArgs)
        {
            if (arg.ValueKind == JsonValueKind.Array)
            {
                values.AddRange(arg.EnumerateArray().Select(Text));
            }
            else
            {
                values.Add(Text(arg));
            }
        }

        return values;
    }

    private static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.Array => string.Join(' ', e.EnumerateArray().Select(Text)),
        _ => e.GetRawText(),
    };

    private static string FindTestClient()
    {
        string here = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        string config = new DirectoryInfo(here).Parent!.Name; // bin/<Configuration>/net10.0
        string dll = Path.Combine(Infrastructure.Repo.Root, "tests", "CgManager.TestClient", "bin", config, "net10.0", "CgManager.TestClient.dll");
        Assert.True(File.Exists(dll), $"build tests/CgManager.TestClient first ({dll} is missing)");
        return dll;
    }

    /// <summary>dbus-python: the same calling convention and output as the TestClient.</summary>
    private const string PythonScript = """
        import sys, dbus
        sock, method, args = sys.argv[1], sys.argv[2], sys.argv[3:]
        sigs = {'Ping': 'i', 'GetPidCgroup': 'si', 'GetPidCgroupAbs': 'si', 'Create': 'ss', 'Chown': 'ssii', 'Chmod': 'sssi',
                'MovePid': 'ssi', 'MovePidAbs': 'ssi', 'GetValue': 'sss', 'SetValue': 'ssss', 'Remove': 'ssi', 'GetTasks': 'ss',
                'GetTasksRecursive': 'ss', 'ListChildren': 'ss', 'RemoveOnEmpty': 'ss', 'Prune': 'ss', 'ListControllers': '',
                'ListKeys': 'ss'}
        iface = 'org.linuxcontainers.cgmanager0_0'
        conn = dbus.connection.Connection('unix:path=' + sock)
        obj = conn.get_object(object_path='/org/linuxcontainers/cgmanager', introspect=False)
        def text(v):
            if isinstance(v, dbus.Struct):
                return ' '.join(text(f) for f in v)
            if isinstance(v, (dbus.Int32, dbus.UInt32, dbus.Int64, dbus.UInt64, dbus.Int16, dbus.UInt16, dbus.Byte)):
                return str(int(v))
            return str(v)
        try:
            if method == 'api_version':
                reply = obj.Get(iface, 'api_version', dbus_interface='org.freedesktop.DBus.Properties')
            else:
                sig = sigs[method]
                conv = [dbus.Int32(int(a)) if t == 'i' else dbus.String(a) for t, a in zip(sig, args)]
                reply = getattr(obj, method)(*conv, dbus_interface=iface, signature=sig)
        except dbus.exceptions.DBusException as e:
            print('error %s: %s' % (e.get_dbus_name(), e.get_dbus_message()))
            sys.exit(1)
        if reply is None:
            pass
        elif isinstance(reply, dbus.Array):
            for item in reply:
                print(text(item))
        else:
            print(text(reply))
        """;
}
