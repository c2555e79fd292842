using CgManager.DBus;
using CgManager.DBus.Transport;

namespace CgManager.Daemon.Tests.Infrastructure;

/// <summary>A D-Bus client over one end of an in-memory pair: requests built with the DBus library's writer, replies read off the wire.</summary>
public sealed class WireClient : IDisposable
{
    public const string Path = "/org/linuxcontainers/cgmanager";
    public const string Compat = "org.linuxcontainers.cgmanager0_0";
    public const string Manager1 = "org.linuxcontainers.cgmanager.Manager1";

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly List<Message> _signals = [];

    public WireClient(IStreamTransport stream)
    {
        Connection = new DBusConnection(stream);
        Connection.Authenticate(FakeHost.OwnUid, negotiateUnixFds: true, TimeSpan.FromSeconds(10));
        // A reply that never comes fails the test instead of hanging it.
        stream.SetReceiveTimeout(ReplyTimeout);
    }

    public DBusConnection Connection { get; }

    /// <summary>Signals that arrived while waiting for replies, in order.</summary>
    public IReadOnlyList<Message> Signals => _signals;

    /// <summary>Calls a method and returns its reply (a method return or an error); signals met on the way are kept.</summary>
    public Message Call(string iface, string member, string signature = "", Action<MessageWriter>? body = null)
    {
        var writer = new MessageWriter();
        body?.Invoke(writer);
        using var call = Message.CreateMethodCall(null, Path, iface, member, signature, writer.WrittenMemory.ToArray());
        uint serial = Connection.Send(call);
        while (true)
        {
            var message = Connection.ReadMessage() ?? throw new IOException("the daemon closed the connection");
            if (message.Type == MessageType.Signal)
            {
                _signals.Add(message);
            }
            else if (message.ReplySerial == serial)
            {
                return message;
            }
            else
            {
                message.Dispose();
            }
        }
    }

    /// <summary>The reply is an error: its name and message.</summary>
    public static (string Name, string Text) Error(Message reply)
    {
        Assert.True(reply.Type == MessageType.Error, $"expected an error, got {reply.Type} ({reply.Signature})");
        var reader = reply.GetBodyReader();
        return (reply.ErrorName!, reply.Signature.StartsWith('s') ? reader.ReadString() : "");
    }

    /// <summary>The reply is a method return (an error fails the test with its name and text).</summary>
    public static Message Ok(Message reply)
    {
        if (reply.Type == MessageType.Error)
        {
            var (name, text) = Error(reply);
            Assert.Fail($"{name}: {text}");
        }

        return reply;
    }

    /// <summary>A Ping round trip: everything the daemon sent before its reply has been read once it returns.</summary>
    public void Sync() => Ok(Call(Compat, "Ping", "i", w => w.WriteInt32(0)));

    public void Dispose() => Connection.Dispose();
}
