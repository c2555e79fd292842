using CgManager.Linux.Sockets;

namespace CgManager.Linux.Tests.Kernel;

/// <summary>Epoll and UnixSocket.WaitReadable over real socket pairs.</summary>
public sealed class EpollTests : IDisposable
{
    private readonly Epoll _epoll = Epoll.Create();
    private readonly UnixSocket _ours;
    private readonly UnixSocket _theirs;
    private readonly ulong[] _tokens = new ulong[8];

    public EpollTests() => (_ours, _theirs) = UnixSocket.CreatePair(UnixSocket.Stream);

    public void Dispose()
    {
        _epoll.Dispose();
        _ours.Dispose();
        _theirs.Dispose();
    }

    [Fact]
    public void A_readable_fd_is_reported_once_with_its_token_until_it_is_added_again()
    {
        _epoll.AddReadableOnce(_ours.Handle, 42);
        Assert.Equal(0, _epoll.Wait(_tokens, 0));

        _theirs.SendAll("x"u8);
        Assert.Equal(1, _epoll.Wait(_tokens, 5000));
        Assert.Equal(42ul, _tokens[0]);
        // Still readable, but a one-shot report is not repeated.
        Assert.Equal(0, _epoll.Wait(_tokens, 0));

        var e = Assert.Throws<LinuxException>(() => _epoll.AddReadableOnce(_ours.Handle, 43));
        Assert.Equal(Errno.EEXIST, e.Errno);
        _epoll.Remove(_ours.Handle);
        _epoll.AddReadableOnce(_ours.Handle, 43);
        Assert.Equal(1, _epoll.Wait(_tokens, 5000));
        Assert.Equal(43ul, _tokens[0]);
    }

    [Fact]
    public void A_hang_up_is_reported_as_readable()
    {
        _epoll.AddReadableOnce(_ours.Handle, 7);
        _theirs.Dispose();
        Assert.Equal(1, _epoll.Wait(_tokens, 5000));
        Assert.Equal(7ul, _tokens[0]);
    }

    [Fact]
    public void Removing_an_fd_that_is_not_there_is_no_error()
    {
        _epoll.Remove(_ours.Handle);
        _epoll.AddReadableOnce(_ours.Handle, 1);
        _epoll.Remove(_ours.Handle);
        _theirs.SendAll("x"u8);
        Assert.Equal(0, _epoll.Wait(_tokens, 50));
    }

    [Fact]
    public void Several_fds_are_told_apart_by_their_tokens()
    {
        var (a, b) = UnixSocket.CreatePair(UnixSocket.Stream);
        using (a)
        using (b)
        {
            _epoll.AddReadableOnce(_ours.Handle, 1);
            _epoll.AddReadableOnce(a.Handle, 2);
            b.SendAll("y"u8);
            Assert.Equal(1, _epoll.Wait(_tokens, 5000));
            Assert.Equal(2ul, _tokens[0]);
            _theirs.SendAll("z"u8);
            Assert.Equal(1, _epoll.Wait(_tokens, 5000));
            Assert.Equal(1ul, _tokens[0]);
        }
    }

    [Fact]
    public void Wait_readable_times_out_on_silence_and_returns_on_data_or_hang_up()
    {
        Assert.False(_ours.WaitReadable(TimeSpan.FromMilliseconds(20)));
        _theirs.SendAll("x"u8);
        Assert.True(_ours.WaitReadable(TimeSpan.FromSeconds(5)));
        Assert.True(_ours.TryReceiveNow(new byte[4], null, out int one));
        Assert.Equal(1, one);
        _theirs.Shutdown();
        Assert.True(_ours.WaitReadable(null));
    }
}
