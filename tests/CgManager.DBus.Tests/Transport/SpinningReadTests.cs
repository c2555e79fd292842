using CgManager.DBus.Transport;
using CgManager.Linux.Sockets;

namespace CgManager.DBus.Tests.Transport;

/// <summary>A read that polls before it blocks must deliver exactly what a blocking read does.</summary>
public sealed class SpinningReadTests : IDisposable
{
    private readonly UnixSocket _peer;
    private readonly DBusConnection _connection;

    public SpinningReadTests()
    {
        var (ours, theirs) = UnixSocket.CreatePair(UnixSocket.Stream);
        _peer = theirs;
        _connection = new DBusConnection(ours) { SpinBeforeBlocking = TimeSpan.FromMilliseconds(2) };
    }

    public void Dispose()
    {
        _connection.Dispose();
        _peer.Dispose();
    }

    [Fact]
    public void A_message_already_queued_is_read_while_polling()
    {
        SendCall("First", 1);
        SendCall("Second", 2);
        using var first = _connection.ReadMessage();
        using var second = _connection.ReadMessage();
        Assert.Equal("First", first!.Member);
        Assert.Equal("Second", second!.Member);
    }

    [Fact]
    public async Task A_message_that_comes_after_the_polling_budget_is_read_by_blocking()
    {
        var late = Task.Run(async () =>
        {
            await Task.Delay(100);
            SendCall("Late", 3);
        });
        using var message = _connection.ReadMessage();
        Assert.Equal("Late", message!.Member);
        await late;
    }

    [Fact]
    public void The_peer_closing_while_we_poll_is_a_clean_end_of_stream()
    {
        _peer.Shutdown();
        Assert.Null(_connection.ReadMessage());
    }

    [Fact]
    public void Try_receive_now_says_false_on_an_empty_socket_without_waiting()
    {
        var (a, b) = UnixSocket.CreatePair(UnixSocket.Stream);
        using (a)
        using (b)
        {
            var buffer = new byte[16];
            Assert.False(a.TryReceiveNow(buffer, null, out int none));
            Assert.Equal(0, none);
            b.SendAll("hi"u8);
            Assert.True(a.TryReceiveNow(buffer, null, out int two));
            Assert.Equal(2, two);
        }
    }

    [Fact]
    public void A_zero_budget_turns_polling_off()
    {
        _connection.SpinBeforeBlocking = TimeSpan.Zero;
        Assert.Equal(TimeSpan.Zero, _connection.SpinBeforeBlocking);
        SendCall("Plain", 4);
        using var message = _connection.ReadMessage();
        Assert.Equal("Plain", message!.Member);
    }

    private void SendCall(string member, uint serial)
    {
        using var call = Message.CreateMethodCall(null, "/a", "a.b", member, "", ReadOnlyMemory<byte>.Empty);
        _peer.SendAll(call.Serialize(serial));
    }
}
