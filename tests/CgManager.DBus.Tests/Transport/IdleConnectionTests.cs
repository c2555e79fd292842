using System.Diagnostics;
using CgManager.DBus.Server;
using CgManager.DBus.Transport;
using CgManager.Linux.Sockets;

namespace CgManager.DBus.Tests.Transport;

/// <summary>
/// The real DBusServer over real socket pairs, with a short ParkIdleAfter: a quiet connection gives
/// its thread back and waits on the epoll thread, and is served again, whole, when its client calls.
/// </summary>
public sealed class IdleConnectionTests : IDisposable
{
    private const string Path = "/test";
    private const string Iface = "org.example.Test";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly DBusServer _server;
    private readonly List<DBusConnection> _clients = [];

    public IdleConnectionTests()
    {
        var dispatcher = new Dispatcher(new string('0', 32));
        dispatcher.Register(Path, new InterfaceDefinition(Iface)
            .Method("Echo", [new("text", "s")], [new("text", "s")], (MethodContext c, ref MessageReader a, MessageWriter r) =>
                r.WriteString(a.ReadString())));
        _server = new DBusServer(dispatcher, new ServerOptions
        {
            ParkIdleAfter = TimeSpan.FromMilliseconds(50),
            MessageDeadline = TimeSpan.FromSeconds(10),
        });
        _server.Start();
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _server.Dispose();
    }

    [Fact]
    public void A_quiet_connection_is_parked_and_answers_its_next_call_on_a_new_thread()
    {
        var client = Connect(1000);
        Assert.Equal("one", Echo(client, "one"));
        AwaitTrue(() => _server.IdleConnectionCount == 1, "the quiet connection was not parked");

        Assert.Equal("two", Echo(client, "two"));
        Assert.Equal("three", Echo(client, "three"));
        AwaitTrue(() => _server.IdleConnectionCount == 1, "the connection was not parked a second time");
        Assert.Equal(1, _server.ConnectionCount);
    }

    [Fact]
    public void Many_quiet_connections_wait_on_one_thread_and_each_is_served_again()
    {
        int before = Process.GetCurrentProcess().Threads.Count;
        var clients = Enumerable.Range(0, 40).Select(_ => Connect(1000)).ToList();
        foreach (var client in clients)
        {
            Assert.Equal("hi", Echo(client, "hi"));
        }

        AwaitTrue(() => _server.IdleConnectionCount == 40, "not every quiet connection was parked");
        // Each connection had a thread of its own; parked, they share the one epoll thread.
        AwaitTrue(() => Process.GetCurrentProcess().Threads.Count < before + 20, "the parked connections' threads did not end");

        for (int i = 0; i < clients.Count; i++)
        {
            Assert.Equal($"again {i}", Echo(clients[i], $"again {i}"));
        }

        Assert.Equal(40, _server.ConnectionCount);
    }

    [Fact]
    public void A_parked_client_that_hangs_up_is_closed_and_its_slot_given_back()
    {
        var client = Connect(1000);
        Assert.Equal("x", Echo(client, "x"));
        AwaitTrue(() => _server.IdleConnectionCount == 1, "the quiet connection was not parked");
        client.Dispose();
        AwaitTrue(() => _server.ConnectionCount == 0, "the hung-up parked connection was not closed");
        Assert.Equal(0, _server.IdleConnectionCount);
        Assert.Equal(0, _server.Connections.UsedBy(1000));
    }

    [Fact]
    public void A_connection_in_the_middle_of_a_message_is_not_parked()
    {
        var (ours, theirs) = UnixSocket.CreatePair(UnixSocket.Stream);
        var client = new DBusConnection(ours);
        _clients.Add(client);
        Assert.True(_server.Admit(new SocketTransport(theirs), new PeerCredentials(1, 1000, 1000)));
        client.Authenticate(1000, negotiateUnixFds: false, TimeSpan.FromSeconds(10));
        using var call = Message.CreateMethodCall(null, Path, Iface, "Echo", "s", Body("late"));
        byte[] bytes = call.Serialize(1);
        ours.SendAll(bytes.AsSpan(0, 20));

        // Well past the idle limit, the half message still holds its thread, not the epoll one.
        Thread.Sleep(300);
        Assert.Equal(0, _server.IdleConnectionCount);
        ours.SendAll(bytes.AsSpan(20));
        using var reply = client.ReadMessage();
        Assert.Equal("late", reply!.GetBodyReader().ReadString());
    }

    [Fact]
    public void Stopping_the_server_closes_parked_connections()
    {
        var clients = Enumerable.Range(0, 5).Select(_ => Connect(1000)).ToList();
        foreach (var client in clients)
        {
            Assert.Equal("s", Echo(client, "s"));
        }

        AwaitTrue(() => _server.IdleConnectionCount == 5, "the quiet connections were not parked");
        _server.Stop();
        AwaitTrue(() => _server.ConnectionCount == 0, "parked connections outlived the server's stop");
        foreach (var client in clients)
        {
            Assert.Null(client.ReadMessage());
        }
    }

    [Fact]
    public void Null_keeps_a_thread_per_connection()
    {
        using var server = new DBusServer(new Dispatcher(new string('0', 32)), new ServerOptions { ParkIdleAfter = null });
        var (ours, theirs) = UnixSocket.CreatePair(UnixSocket.Stream);
        using var client = new DBusConnection(ours);
        Assert.True(server.Admit(new SocketTransport(theirs), new PeerCredentials(1, 1000, 1000)));
        client.Authenticate(1000, negotiateUnixFds: false, TimeSpan.FromSeconds(10));
        Thread.Sleep(200);
        Assert.Equal(0, server.IdleConnectionCount);
        Assert.Equal(1, server.ConnectionCount);
    }

    private DBusConnection Connect(uint uid)
    {
        var (ours, theirs) = UnixSocket.CreatePair(UnixSocket.Stream);
        Assert.True(_server.Admit(new SocketTransport(theirs), new PeerCredentials(Environment.ProcessId, uid, uid)));
        var client = new DBusConnection(ours);
        _clients.Add(client);
        client.Authenticate(uid, negotiateUnixFds: true, TimeSpan.FromSeconds(10));
        ours.SetReceiveTimeout(TimeSpan.FromSeconds(10));
        return client;
    }

    private static string Echo(DBusConnection client, string text)
    {
        using var call = Message.CreateMethodCall(null, Path, Iface, "Echo", "s", Body(text));
        uint serial = client.Send(call);
        using var reply = client.ReadMessage() ?? throw new IOException("the server closed the connection");
        Assert.Equal(serial, reply.ReplySerial);
        Assert.Equal(MessageType.MethodReturn, reply.Type);
        return reply.GetBodyReader().ReadString();
    }

    private static byte[] Body(string text)
    {
        var writer = new MessageWriter();
        writer.WriteString(text);
        return writer.WrittenMemory.ToArray();
    }

    private static void AwaitTrue(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Deadline, failure);
            Thread.Sleep(5);
        }
    }
}
