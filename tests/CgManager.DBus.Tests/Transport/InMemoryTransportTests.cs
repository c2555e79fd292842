using CgManager.DBus.Tests.Support;
using CgManager.DBus.Transport;
using CgManager.Linux;

namespace CgManager.DBus.Tests.Transport;

/// <summary>The in-memory pair behaves as a Unix stream socket does where a DBusConnection can tell.</summary>
public sealed class InMemoryTransportTests
{
    [Fact]
    public void Bytes_arrive_in_order_in_pieces_of_any_size()
    {
        var (a, b) = InMemoryTransport.CreatePair();
        using (a)
        using (b)
        {
            a.SendAll([1, 2, 3]);
            a.SendAll([4, 5]);
            var buffer = new byte[4];
            Assert.Equal(4, b.Receive(buffer, null));
            Assert.Equal([1, 2, 3, 4], buffer);
            Assert.Equal(1, b.Receive(buffer, null));
            Assert.Equal(5, buffer[0]);
        }
    }

    [Fact]
    public void Fds_arrive_with_the_first_byte_of_their_send_as_new_descriptors_of_the_same_file()
    {
        var (a, b) = InMemoryTransport.CreatePair();
        using (a)
        using (b)
        using (var sent = FdHelper.OpenDevNull())
        {
            a.SendAll([9]);
            Assert.True(a.TrySendNow([7, 7], [sent], out int n));
            Assert.Equal(2, n);

            var fds = new List<SafeFd>();
            var buffer = new byte[8];
            Assert.Equal(1, b.Receive(buffer, fds)); // a receive ends where a send with fds begins
            Assert.Empty(fds);
            Assert.Equal(2, b.Receive(buffer, fds));
            using var received = Assert.Single(fds);
            Assert.NotEqual(sent.Fd, received.Fd);
            var (st1, st2) = (Sys.Fstat(sent), Sys.Fstat(received));
            Assert.Equal((st1.Device, st1.Inode), (st2.Device, st2.Inode));
        }
    }

    [Fact]
    public void Fds_a_receiver_does_not_take_are_closed()
    {
        var (a, b) = InMemoryTransport.CreatePair();
        using (a)
        using (b)
        using (var sent = FdHelper.OpenDevNull())
        {
            Assert.True(a.TrySendNow([1], [sent], out _));
            Assert.Equal(1, b.Receive(new byte[1], null)); // null: the fds are closed, as recvmsg without room for them
        }
    }

    [Fact]
    public void A_full_direction_takes_nothing_without_waiting_until_the_reader_drains_it()
    {
        var (a, b) = InMemoryTransport.CreatePair(capacity: 4);
        using (a)
        using (b)
        {
            Assert.True(a.TrySendNow([1, 2, 3, 4, 5, 6], null, out int sent));
            Assert.Equal(4, sent);
            Assert.False(a.TrySendNow([5], null, out _));
            Assert.False(a.WaitWritable(TimeSpan.FromMilliseconds(1)));
            Assert.Equal(4, b.Receive(new byte[16], null));
            Assert.True(a.WaitWritable(TimeSpan.Zero));
            Assert.True(a.TrySendNow([5], null, out sent));
            Assert.Equal(1, sent);
        }
    }

    [Fact]
    public void A_receive_with_nothing_there_waits_its_timeout_and_a_poll_returns_false()
    {
        var (a, b) = InMemoryTransport.CreatePair();
        using (a)
        using (b)
        {
            Assert.False(b.TryReceiveNow(new byte[1], null, out _));
            b.SetReceiveTimeout(TimeSpan.FromMilliseconds(1));
            Assert.Throws<TimeoutException>(() => b.Receive(new byte[1], null));
        }
    }

    [Fact]
    public async Task Shutdown_ends_a_blocked_receive_with_end_of_stream_and_sends_to_it_fail_with_EPIPE()
    {
        var (a, b) = InMemoryTransport.CreatePair();
        using (a)
        using (b)
        {
            var reader = Task.Run(() => b.Receive(new byte[1], null));
            b.Shutdown();
            Assert.Equal(0, await reader.WaitAsync(TimeSpan.FromSeconds(10)));
            var e = Assert.Throws<LinuxException>(() => a.TrySendNow([1], null, out _));
            Assert.Equal(Errno.EPIPE, e.Errno);
            Assert.Equal(0, a.Receive(new byte[1], null)); // the other direction ended too
        }
    }
}
