using CgManager.Core.Errors;
using CgManager.Core.Keys;
using CgManager.Core.Operations;
using CgManager.DBus;

namespace CgManager.Daemon.Modern;

/// <summary>
/// Manager1.Delegate's a{sv} options, unpacked (docs/org.linuxcontainers.cgmanager.Manager1.xml):
/// controllers (as), enable (as), values (a{sv}), session (s), session-indexes (u),
/// session-values (a{sv}), pid (i, the caller's own view). Unknown names are refused, so a typo is never silently ignored.
/// </summary>
internal static class DelegateOptions
{
    public static DelegateRequest Read(DelegateRequest request, ref MessageReader reader, Func<int, int> pidToHost)
    {
        int end = reader.ReadArrayStart('{');
        while (reader.HasNext(end))
        {
            reader.AlignStruct();
            string name = reader.ReadString();
            var value = reader.ReadVariant();
            request = name switch
            {
                "controllers" => request with { Controllers = Strings(name, value) },
                "enable" => request with { Enable = Strings(name, value) },
                "values" => request with { Values = Values(name, value) },
                "session" => request with { Session = value.Value as string ?? throw Wrong(name, value, "s") },
                "session-indexes" => request with { SessionIndexes = value.Value is uint u ? u : throw Wrong(name, value, "u") },
                "session-values" => request with { SessionValues = Values(name, value) },
                "pid" => request with { HostPid = value.Value is int pid ? pidToHost(pid) : throw Wrong(name, value, "i") },
                _ => throw new CgException(CgErrorKind.InvalidArgument,
                    $"unknown Delegate option '{name}' (known: controllers, enable, values, session, session-indexes, session-values, pid)"),
            };
        }

        return request;
    }

    private static string[] Strings(string name, DBusVariant value) =>
        value.Value is DBusArray { ElementSignature: "s" } array ? array.Items.Cast<string>().ToArray() : throw Wrong(name, value, "as");

    private static List<KeyValuePair<string, KeyValue>> Values(string name, DBusVariant value)
    {
        if (value.Value is not DBusArray { ElementSignature: "{sv}" } array)
        {
            throw Wrong(name, value, "a{sv}");
        }

        var values = new List<KeyValuePair<string, KeyValue>>();
        foreach (DBusDictEntry entry in array.Items.Cast<DBusDictEntry>())
        {
            string key = (string)entry.Key;
            var inner = (DBusVariant)entry.Value;
            values.Add(new(key, inner.Value switch
            {
                string s => KeyValue.Of(s),
                ulong t => KeyValue.Of(t),
                uint u => KeyValue.Of((ulong)u),
                long x => KeyValue.Of(x),
                int i => KeyValue.Of((long)i),
                _ => throw new CgException(CgErrorKind.InvalidArgument, $"{name}: {key}: values are strings or integers, not '{inner.Signature}'"),
            }));
        }

        return values;
    }

    private static CgException Wrong(string name, DBusVariant value, string expected) =>
        new(CgErrorKind.InvalidArgument, $"Delegate option '{name}' is of type '{expected}', not '{value.Signature}'");
}
