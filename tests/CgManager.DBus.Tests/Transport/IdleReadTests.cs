using CgManager.DBus.Transport;
using CgManager.Linux.Sockets;

namespace CgManager.DBus.Tests.Transport;

/// <summary>DBusConnection.TryReadMessage: gives up between messages only, and loses nothing when it does.</summary>
public sealed class IdleReadTests : IDisposable
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(30);
    private readonly UnixSocket _peer;
    private readonly DBusConnection _connection;

    public IdleReadTests()
    {
        var (ours, theirs) = UnixSocket.CreatePair(UnixSocket.Stream);
        _peer = theirs;
        _connection = new DBusConnection(ours)
        {
            SpinBeforeBlocking = TimeSpan.FromMicroseconds(50),
            MessageDeadline = TimeSpan.FromSeconds(10),
        };
    }

    public void Dispose()
    {
        _connection.Dispose();
        _peer.Dispose();
    }

    [Fact]
    public void Silence_between_messages_gives_up_and_a_later_call_is_read_whole()
    {
        Assert.False(_connection.TryReadMessage(Short, out var none));
        Assert.Null(none);

        SendCall("After", 1);
        Assert.True(_connection.TryReadMessage(Short, out var message));
        using (message)
        {
            Assert.Equal("After", message!.Member);
        }
    }

    [Fact]
    public void Queued_messages_are_read_without_waiting_for_readiness()
    {
        SendCall("One", 1);
        SendCall("Two", 2);
        Assert.True(_connection.TryReadMessage(Short, out var one));
        Assert.True(_connection.TryReadMessage(Short, out var two));
        using (one)
        using (two)
        {
            Assert.Equal("One", one!.Member);
            Assert.Equal("Two", two!.Member);
        }

        Assert.False(_connection.TryReadMessage(Short, out _));
    }

    [Fact]
    public async Task Part_of_a_message_is_waited_for_past_the_idle_limit()
    {
        byte[] bytes = Serialize("Split", 3);
        _peer.SendAll(bytes.AsSpan(0, 10));
        var rest = Task.Run(async () =>
        {
            await Task.Delay(Short * 5);
            _peer.SendAll(bytes.AsSpan(10));
        });

        Assert.True(_connection.TryReadMessage(Short, out var message));
        using (message)
        {
            Assert.Equal("Split", message!.Member);
        }

        await rest;
    }

    [Fact]
    public void The_end_of_the_stream_is_an_end_not_silence()
    {
        _peer.Shutdown();
        Assert.True(_connection.TryReadMessage(Short, out var message));
        Assert.Null(message);
    }

    [Fact]
    public void Without_polling_it_gives_up_the_same_way()
    {
        _connection.SpinBeforeBlocking = TimeSpan.Zero;
        Assert.False(_connection.TryReadMessage(Short, out _));
        SendCall("Plain", 4);
        Assert.True(_connection.TryReadMessage(Short, out var message));
        using (message)
        {
            Assert.Equal("Plain", message!.Member);
        }
    }

    private void SendCall(string member, uint serial) => _peer.SendAll(Serialize(member, serial));

    private static byte[] Serialize(string member, uint serial)
    {
        using var call = Message.CreateMethodCall(null, "/a", "a.b", member, "", ReadOnlyMemory<byte>.Empty);
        return call.Serialize(serial);
    }
}
