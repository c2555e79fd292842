using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.DBus.Transport;

/// <summary>A <see cref="DBusConnection"/>'s stream over a connected Unix socket, which it owns: each call is the socket's own.</summary>
public sealed class SocketTransport : IStreamTransport
{
    public SocketTransport(UnixSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Socket = socket;
    }

    public UnixSocket Socket { get; }

    public int Receive(Span<byte> buffer, List<SafeFd>? fds) => Socket.Receive(buffer, fds, out _);

    public bool TryReceiveNow(Span<byte> buffer, List<SafeFd>? fds, out int received) => Socket.TryReceiveNow(buffer, fds, out received);

    public void SendAll(ReadOnlySpan<byte> data) => Socket.SendAll(data);

    public bool TrySendNow(ReadOnlySpan<byte> data, IReadOnlyList<SafeFd>? fds, out int sent) => Socket.TrySendNow(data, fds, out sent);

    public bool WaitWritable(TimeSpan? timeout) => Socket.WaitWritable(timeout);

    public bool WaitReadable(TimeSpan? timeout) => Socket.WaitReadable(timeout);

    public SafeFd? ReadinessFd => Socket.Handle;

    public void SetReceiveTimeout(TimeSpan? timeout) => Socket.SetReceiveTimeout(timeout);

    public void Shutdown() => Socket.Shutdown();

    public void Dispose() => Socket.Dispose();
}
