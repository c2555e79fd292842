using CgManager.Linux;

namespace CgManager.DBus.Transport;

/// <summary>
/// The connected byte stream a <see cref="DBusConnection"/> runs over, with the fds that travel
/// beside its bytes: a Unix stream socket (<see cref="SocketTransport"/>) in the daemon and its
/// clients, one end of an <see cref="InMemoryTransport"/> pair in tests. The calls are those the
/// connection makes, one per receive or send; semantics are the socket's (see each member).
/// </summary>
public interface IStreamTransport : IDisposable
{
    /// <summary>
    /// Blocks until bytes arrive (or the receive timeout passes: TimeoutException); fds that came
    /// with them are appended to <paramref name="fds"/>, or closed when it is null. 0 at end of stream.
    /// </summary>
    int Receive(Span<byte> buffer, List<SafeFd>? fds);

    /// <summary>As <see cref="Receive"/>, but false at once when nothing is there.</summary>
    bool TryReceiveNow(Span<byte> buffer, List<SafeFd>? fds, out int received);

    /// <summary>Sends every byte, waiting as needed (the handshake's short lines).</summary>
    void SendAll(ReadOnlySpan<byte> data);

    /// <summary>
    /// Sends what can go now, never waiting; <paramref name="fds"/> travel with the first byte sent.
    /// False when nothing could go; throws LinuxException when the stream failed.
    /// </summary>
    bool TrySendNow(ReadOnlySpan<byte> data, IReadOnlyList<SafeFd>? fds, out int sent);

    /// <summary>Waits until a send could make progress (null: without limit); false on timeout.</summary>
    bool WaitWritable(TimeSpan? timeout);

    /// <summary>Waits until a <see cref="Receive"/> would not block (null: without limit); false on timeout.</summary>
    bool WaitReadable(TimeSpan? timeout);

    /// <summary>
    /// An fd that epoll reports readable whenever <see cref="Receive"/> would not block, so that a
    /// server can wait for many idle streams on one thread; null when the stream has none (in memory).
    /// </summary>
    SafeFd? ReadinessFd { get; }

    /// <summary>Bounds each later <see cref="Receive"/>; null waits for ever.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    /// <summary>Ends both directions, so that a thread blocked in <see cref="Receive"/> returns 0.</summary>
    void Shutdown();
}
