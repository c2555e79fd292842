namespace CgManager.DBus.Server;

/// <summary>
/// Answers the org.freedesktop.DBus calls that bus-minded clients (busctl --address,
/// gdbus --address) make on a peer-to-peer connection, so that they work unchanged.
/// There is no bus: names are a courtesy, and nothing here grants anything.
/// </summary>
internal sealed class BusEmulation
{
    public const string BusName = "org.freedesktop.DBus";
    public const string BusPath = "/org/freedesktop/DBus";

    /// <summary>The unique name we give ourselves; clients see replies "from" it.</summary>
    public const string ServerUniqueName = ":1.0";

    private readonly string? _serviceName;

    public BusEmulation(string? serviceName) => _serviceName = serviceName;

    public static bool Handles(Message call) =>
        (call.Destination == BusName && call.Interface is null or BusName)
        || (call.Path == BusPath && call.Interface == BusName);

    public Message Handle(ServerConnection connection, Message call, Dispatcher dispatcher)
    {
        var writer = new MessageWriter();
        string signature = call.Member switch
        {
            "Hello" => Write(writer, connection.UniqueName),
            "AddMatch" or "RemoveMatch" => Expect(call, "s", ""),
            "RequestName" => Expect(call, "su", WriteUInt(writer, 1)),  // DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER
            "ReleaseName" => Expect(call, "s", WriteUInt(writer, 1)),   // DBUS_RELEASE_NAME_REPLY_RELEASED
            "StartServiceByName" => Expect(call, "su", WriteUInt(writer, 2)), // DBUS_START_REPLY_ALREADY_RUNNING
            "GetId" => Write(writer, dispatcher.MachineId),
            "GetNameOwner" => Expect(call, "s", Write(writer, OwnerOf(connection, ReadName(call)))),
            "NameHasOwner" => Expect(call, "s", WriteBool(writer, TryOwner(connection, ReadName(call)) is not null)),
            "ListNames" or "ListActivatableNames" => WriteNames(writer, connection),
            "GetConnectionUnixUser" => Expect(call, "s", WriteUInt(writer, PeerOf(connection, ReadName(call)).Uid)),
            "GetConnectionUnixProcessID" => Expect(call, "s", WriteUInt(writer, (uint)PeerOf(connection, ReadName(call)).Pid)),
            "GetConnectionCredentials" => Expect(call, "s", WriteCredentials(writer, PeerOf(connection, ReadName(call)))),
            _ => throw new DBusErrorException(DBusErrorNames.UnknownMethod,
                $"Method \"{call.Member}\" with signature \"{call.Signature}\" on interface \"{BusName}\" doesn't exist (this is a peer-to-peer server, not a bus)"),
        };
        return Message.CreateMethodReturn(call, signature, writer.WrittenMemory.ToArray());
    }

    private string OwnerOf(ServerConnection connection, string name) =>
        TryOwner(connection, name) ?? throw new DBusErrorException(DBusErrorNames.NameHasNoOwner, $"Could not get owner of name '{name}': no such name");

    private string? TryOwner(ServerConnection connection, string name)
    {
        if (name == BusName)
        {
            return BusName;
        }

        if (name == ServerUniqueName || (_serviceName is not null && name == _serviceName))
        {
            return ServerUniqueName;
        }

        return name == connection.UniqueName ? connection.UniqueName : null;
    }

    private static Linux.Sockets.PeerCredentials PeerOf(ServerConnection connection, string name) =>
        name == connection.UniqueName
            ? connection.Peer
            : throw new DBusErrorException(DBusErrorNames.NameHasNoOwner, $"Could not get credentials of '{name}': only the caller's own name is known here");

    private static string ReadName(Message call)
    {
        var reader = call.GetBodyReader();
        return call.Signature.StartsWith('s') ? reader.ReadString() : "";
    }

    private static string Expect(Message call, string signature, string result) =>
        call.Signature == signature
            ? result
            : throw new DBusErrorException(DBusErrorNames.InvalidArgs,
                $"Invalid arguments to {call.Member} method: expected signature \"{signature}\", got \"{call.Signature}\"");

    private static string Write(MessageWriter writer, string value)
    {
        writer.WriteString(value);
        return "s";
    }

    private static string WriteUInt(MessageWriter writer, uint value)
    {
        writer.WriteUInt32(value);
        return "u";
    }

    private static string WriteBool(MessageWriter writer, bool value)
    {
        writer.WriteBool(value);
        return "b";
    }

    private string WriteNames(MessageWriter writer, ServerConnection connection)
    {
        int array = writer.WriteArrayStart('s');
        writer.WriteString(BusName);
        writer.WriteString(ServerUniqueName);
        if (_serviceName is not null)
        {
            writer.WriteString(_serviceName);
        }

        writer.WriteString(connection.UniqueName);
        writer.WriteArrayEnd(array);
        return "as";
    }

    private static string WriteCredentials(MessageWriter writer, Linux.Sockets.PeerCredentials peer)
    {
        int array = writer.WriteArrayStart('{');
        writer.WriteStructStart();
        writer.WriteString("UnixUserID");
        writer.WriteVariant("u", peer.Uid);
        writer.WriteStructStart();
        writer.WriteString("ProcessID");
        writer.WriteVariant("u", (uint)peer.Pid);
        writer.WriteArrayEnd(array);
        return "a{sv}";
    }
}
