using CgManager.DBus.Server;
using CgManager.DBus.Tests.Support;
using CgManager.DBus.Transport;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.DBus.Tests.Transport;

/// <summary>The real DBusServer and Dispatcher over in-memory pairs: handshake, calls, fds, and the credentials the test gives.</summary>
public sealed class InMemoryServerTests : IDisposable
{
    private const string Path = "/test";
    private const string Iface = "org.example.Test";
    private readonly DBusServer _server;

    public InMemoryServerTests()
    {
        var dispatcher = new Dispatcher(new string('0', 32));
        dispatcher.Register(Path, new InterfaceDefinition(Iface)
            .Method("WhoAmI", [], [new("uid", "u"), new("pid", "i")], (MethodContext c, ref MessageReader _, MessageWriter r) =>
            {
                r.WriteUInt32(c.Peer.Uid);
                r.WriteInt32(c.Peer.Pid);
            })
            .Method("Inode", [new("fd", "h")], [new("inode", "t")], (MethodContext c, ref MessageReader a, MessageWriter r) =>
            {
                using var fd = c.Request.TakeFd(a.ReadUnixFdIndex())!;
                r.WriteUInt64(Sys.Fstat(fd).Inode);
            }));
        _server = new DBusServer(dispatcher, new ServerOptions { AuthenticationDeadline = TimeSpan.FromSeconds(10) });
        _server.Start();
    }

    public void Dispose() => _server.Dispose();

    [Fact]
    public void A_handler_sees_the_credentials_the_connection_was_admitted_with()
    {
        using var client = Connect(new PeerCredentials(1234, 1000, 100));
        using var reply = Call(client, "WhoAmI");
        Assert.Equal(MessageType.MethodReturn, reply.Type);
        var reader = reply.GetBodyReader();
        Assert.Equal(1000u, reader.ReadUInt32());
        Assert.Equal(1234, reader.ReadInt32());
        Assert.Equal(1, _server.ConnectionCount);
    }

    [Fact]
    public void An_fd_passed_in_a_call_reaches_the_handler()
    {
        using var client = Connect(new PeerCredentials(1, 0, 0));
        Assert.True(client.UnixFdsEnabled);
        using var devNull = FdHelper.OpenDevNull();
        using var reply = Call(client, "Inode", "h", w => w.WriteUnixFdIndex(0), [devNull]);
        Assert.Equal(MessageType.MethodReturn, reply.Type);
        Assert.Equal(Sys.Fstat(devNull).Inode, reply.GetBodyReader().ReadUInt64());
    }

    [Fact]
    public void Errors_of_the_dispatcher_come_back_as_error_replies()
    {
        using var client = Connect(new PeerCredentials(1, 0, 0));
        using var reply = Call(client, "Nope");
        Assert.Equal(MessageType.Error, reply.Type);
        Assert.Equal("org.freedesktop.DBus.Error.UnknownMethod", reply.ErrorName);
    }

    [Fact]
    public void Connections_past_a_uids_share_are_refused_and_closed()
    {
        using var server = new DBusServer(new Dispatcher(new string('0', 32)), new ServerOptions { MaxConnectionsPerUid = 1 });
        var (c1, s1) = InMemoryTransport.CreatePair();
        var (c2, s2) = InMemoryTransport.CreatePair();
        using (c1)
        using (c2)
        {
            Assert.True(server.Admit(s1, new PeerCredentials(5, 1000, 1000)));
            Assert.False(server.Admit(s2, new PeerCredentials(6, 1000, 1000)));
            Assert.Equal(0, c2.Receive(new byte[1], null)); // the refused end was closed
        }
    }

    [Fact]
    public void A_client_that_hangs_up_is_closed_and_its_slot_given_back()
    {
        var client = Connect(new PeerCredentials(7, 1000, 1000));
        Call(client, "WhoAmI").Dispose();
        client.Dispose();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (_server.ConnectionCount != 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Yield();
        }

        Assert.Equal(0, _server.ConnectionCount);
        Assert.Equal(0, _server.Connections.UsedBy(1000));
    }

    private DBusConnection Connect(PeerCredentials peer)
    {
        var (ours, theirs) = InMemoryTransport.CreatePair();
        Assert.True(_server.Admit(theirs, peer));
        var connection = new DBusConnection(ours);
        connection.Authenticate(peer.Uid, negotiateUnixFds: true, TimeSpan.FromSeconds(10));
        ours.SetReceiveTimeout(TimeSpan.FromSeconds(10));
        return connection;
    }

    private static Message Call(DBusConnection client, string member, string signature = "", Action<MessageWriter>? body = null, IReadOnlyList<SafeFd>? fds = null)
    {
        var writer = new MessageWriter();
        body?.Invoke(writer);
        using var call = Message.CreateMethodCall(null, Path, Iface, member, signature, writer.WrittenMemory.ToArray(), fds: fds);
        uint serial = client.Send(call);
        var reply = client.ReadMessage() ?? throw new IOException("the server closed the connection");
        Assert.Equal(serial, reply.ReplySerial);
        return reply;
    }
}
