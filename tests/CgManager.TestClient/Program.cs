using System.Globalization;
using CgManager.Contract;
using CgManager.DBus;
using CgManager.DBus.Transport;
using CgManager.Linux;
using CgManager.Linux.Sockets;

// Usage: CgManager.TestClient SOCKET METHOD [ARGS...]   (METHOD "api_version" reads the property)
// Prints each reply value on its own line: numbers and strings as they are, arrays one element a line,
// a(suuu) as "name uid gid perms". A D-Bus error prints "error NAME: MESSAGE" and exits 1.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: CgManager.TestClient SOCKET METHOD [ARGS...]");
    return 2;
}

string method = args[1];
string[] values = args[2..];
string inSig;
string outSig;
string iface = CompatApi.Name;
string member = method;
// the plain methods of the compat interface, as the contract declares them
if (method == "api_version")
{
    (inSig, outSig, iface, member, values) = (Bus.PropertiesGet.InSignature, Bus.PropertiesGet.OutSignature, Bus.PropertiesInterface,
        Bus.PropertiesGet.Name, [CompatApi.Name, CompatApi.ApiVersionProperty]);
}
else if (CompatApi.Methods.FirstOrDefault(m => m.Name == method && !CompatApi.IsScm(m)) is { } declared)
{
    (inSig, outSig) = (declared.InSignature, declared.OutSignature);
}
else
{
    Console.Error.WriteLine($"unknown method {method}");
    return 2;
}

if (values.Length != inSig.Length)
{
    Console.Error.WriteLine($"{method} takes {inSig.Length} arguments ({inSig}), got {values.Length}");
    return 2;
}

var writer = new MessageWriter();
for (int i = 0; i < inSig.Length; i++)
{
    if (inSig[i] == 'i')
    {
        writer.WriteInt32(int.Parse(values[i], CultureInfo.InvariantCulture));
    }
    else
    {
        writer.WriteString(values[i]);
    }
}

using var socket = UnixSocket.Connect(args[0]);
socket.SetReceiveTimeout(TimeSpan.FromSeconds(20));
using var connection = new DBusConnection(socket);
connection.Authenticate(Sys.GetUid(), negotiateUnixFds: true, TimeSpan.FromSeconds(5));
socket.SetReceiveTimeout(TimeSpan.FromSeconds(20));
using var call = Message.CreateMethodCall(null, Bus.ObjectPath, iface, member, inSig, writer.WrittenMemory.ToArray(), MessageFlags.None, null);
uint serial = connection.Send(call);
while (true)
{
    using var reply = connection.ReadMessage() ?? throw new IOException("the daemon closed the connection");
    if (reply.ReplySerial != serial)
    {
        continue;
    }

    var reader = reply.GetBodyReader();
    if (reply.Type == MessageType.Error)
    {
        string text = reply.Signature.StartsWith('s') ? reader.ReadString() : "";
        Console.Out.WriteLine($"error {reply.ErrorName}: {text}");
        return 1;
    }

    if (reply.Signature != outSig)
    {
        Console.Error.WriteLine($"reply signature '{reply.Signature}', expected '{outSig}'");
        return 3;
    }

    if (outSig.Length > 0)
    {
        foreach (string line in Format(reader.ReadValue(outSig)))
        {
            Console.Out.WriteLine(line);
        }
    }

    return 0;
}

static IEnumerable<string> Format(object value) => value switch
{
    DBusVariant variant => Format(variant.Value),
    DBusArray array => array.Items.SelectMany(Format),
    DBusStruct record => [string.Join(' ', record.Fields.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture)))],
    _ => [Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""],
};
