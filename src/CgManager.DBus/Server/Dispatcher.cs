namespace CgManager.DBus.Server;

/// <summary>
/// Routes method calls by (path, interface, member), checks signatures, answers the
/// standard interfaces (Peer, Introspectable, Properties) and, for clients that assume
/// a message bus, the org.freedesktop.DBus calls they make on connect.
/// </summary>
public sealed partial class Dispatcher
{
    public const string PeerInterface = "org.freedesktop.DBus.Peer";
    public const string IntrospectableInterface = "org.freedesktop.DBus.Introspectable";
    public const string PropertiesInterface = "org.freedesktop.DBus.Properties";

    private readonly Dictionary<string, List<InterfaceDefinition>> _objects = new(StringComparer.Ordinal);
    private readonly BusEmulation _bus;
    private long _dispatched;

    /// <summary>Messages dispatched so far (for idle detection).</summary>
    public long DispatchedCount => Interlocked.Read(ref _dispatched);

    public Dispatcher(string machineId, string? serviceName = null)
    {
        MachineId = machineId;
        _bus = new BusEmulation(serviceName);
    }

    public string MachineId { get; }

    /// <summary>Told about unexpected handler exceptions (the dispatcher itself never logs).</summary>
    public Action<Message, Exception>? HandlerFault { get; set; }

    /// <summary>
    /// Told of every method call once it is handled: the call, its reply, and the time
    /// the handling took in <see cref="System.Diagnostics.Stopwatch"/> ticks (the reply is given even when the caller asked for
    /// none and it is not sent). For metrics; it must not throw.
    /// </summary>
    public Action<Message, Message?, long>? Completed { get; set; }

    /// <summary>Registers an interface on an object path (before the server starts).</summary>
    public void Register(string path, InterfaceDefinition iface)
    {
        if (!_objects.TryGetValue(path, out var list))
        {
            _objects[path] = list = [];
        }

        list.Add(iface);
    }

    /// <summary>
    /// Handles one incoming message. Returns the reply to send, or null (signals, returns,
    /// NO_REPLY_EXPECTED successes, or a handler that replies later by itself).
    /// </summary>
    public Message? Dispatch(ServerConnection connection, Message message)
    {
        Interlocked.Increment(ref _dispatched);
        if (message.Type != MessageType.MethodCall)
        {
            return null;
        }

        long started = Completed is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
        Message reply;
        try
        {
            reply = Route(connection, message);
        }
        catch (DBusErrorException e)
        {
            reply = Message.CreateError(message, e.ErrorName, e.Message);
        }
        catch (ProtocolException e)
        {
            // Arguments that match the signature but break a value rule (bad UTF-8 in a nested string...).
            reply = Message.CreateError(message, DBusErrorNames.InvalidArgs, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A handler bug costs the caller one error reply, never the connection or the daemon.
            HandlerFault?.Invoke(message, e);
            reply = Message.CreateError(message, DBusErrorNames.Failed, $"internal error: {e.Message}");
        }

        bool suppress = (message.Flags & MessageFlags.NoReplyExpected) != 0 && reply.Type != MessageType.Error;
        Completed?.Invoke(message, reply, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        return suppress ? null : reply;
    }

    private Message Route(ServerConnection connection, Message call)
    {
        string member = call.Member ?? "";
        string path = call.Path ?? "/";

        if (BusEmulation.Handles(call))
        {
            return _bus.Handle(connection, call, this);
        }

        switch (call.Interface)
        {
            case PeerInterface:
                return HandlePeer(call, member);
            case IntrospectableInterface:
                return HandleIntrospect(call, member, path);
        }

        if (!_objects.TryGetValue(path, out var interfaces))
        {
            if (call.Interface is null && member == "Introspect")
            {
                return HandleIntrospect(call, member, path);
            }

            throw new DBusErrorException(DBusErrorNames.UnknownObject, $"No such object path '{path}'");
        }

        if (call.Interface == PropertiesInterface)
        {
            return HandleProperties(call, member, interfaces);
        }

        var method = FindMethod(call, member, interfaces);
        if (method is null)
        {
            if (call.Interface is null)
            {
                return member switch
                {
                    "Ping" or "GetMachineId" when call.Signature.Length == 0 => HandlePeer(call, member),
                    "Introspect" when call.Signature.Length == 0 => HandleIntrospect(call, member, path),
                    _ => throw UnknownMethod(call),
                };
            }

            throw UnknownMethod(call);
        }

        return Invoke(connection, call, method);
    }

    private static MethodDefinition? FindMethod(Message call, string member, List<InterfaceDefinition> interfaces)
    {
        foreach (var iface in interfaces)
        {
            if (call.Interface is not null && iface.Name != call.Interface)
            {
                continue;
            }

            if (iface.TryGetMethod(member, out var method))
            {
                return method;
            }
        }

        if (call.Interface is not null && !interfaces.Exists(i => i.Name == call.Interface))
        {
            throw new DBusErrorException(DBusErrorNames.UnknownInterface,
                $"No such interface '{call.Interface}' at object path '{call.Path}'");
        }

        return null;
    }

    private static Message Invoke(ServerConnection connection, Message call, MethodDefinition method)
    {
        if (call.Signature != method.InSignature)
        {
            throw new DBusErrorException(DBusErrorNames.InvalidArgs,
                $"Invalid arguments to {method.Name} method: expected signature \"{method.InSignature}\", got \"{call.Signature}\"");
        }

        var writer = connection.ReplyWriter;
        writer.Reset();
        var reader = call.GetBodyReader();
        method.Handler(new MethodContext(connection, call), ref reader, writer);
        return Message.CreateMethodReturn(call, method.OutSignature, writer.WrittenMemory.ToArray());
    }

    private static DBusErrorException UnknownMethod(Message call) =>
        new(DBusErrorNames.UnknownMethod,
            $"Method \"{call.Member}\" with signature \"{call.Signature}\" on interface \"{call.Interface ?? "(none)"}\" doesn't exist");

    private Message HandlePeer(Message call, string member)
    {
        switch (member)
        {
            case "Ping" when call.Signature.Length == 0:
                return Message.CreateMethodReturn(call, "", ReadOnlyMemory<byte>.Empty);
            case "GetMachineId" when call.Signature.Length == 0:
                var writer = new MessageWriter();
                writer.WriteString(MachineId);
                return Message.CreateMethodReturn(call, "s", writer.WrittenMemory.ToArray());
            case "Ping" or "GetMachineId":
                throw new DBusErrorException(DBusErrorNames.InvalidArgs, $"Invalid arguments to {member} method: expected no arguments");
            default:
                throw UnknownMethod(call);
        }
    }
}
