using CgManager.DBus;
using CgManager.DBus.Transport;
using CgManager.Linux.Sockets;

namespace CgManager.Client.Tests.Library;

/// <summary>
/// A scripted D-Bus peer on a temporary socket, for what the real daemon never does on purpose: not
/// answering, or answering the Scm side channel wrongly. Each call is handed to <c>respond</c> with the
/// connection and the side-channel fd, if any.
/// </summary>
public sealed class FakeDaemon : IDisposable
{
    private readonly UnixSocket _listener;
    private readonly Thread _thread;
    private readonly string _folder;
    private readonly List<IDisposable> _keep = [];

    public FakeDaemon(Action<Message, DBusConnection, UnixSocket?> respond)
    {
        _folder = Directory.CreateTempSubdirectory("cgm-fake-").FullName;
        SocketPath = Path.Combine(_folder, "sock");
        _listener = UnixSocket.Listen(SocketPath, 4);
        _thread = new Thread(() => Serve(respond)) { IsBackground = true };
        _thread.Start();
    }

    public string SocketPath { get; }

    private void Serve(Action<Message, DBusConnection, UnixSocket?> respond)
    {
        try
        {
            var connection = new DBusConnection(_listener.Accept());
            lock (_keep)
            {
                _keep.Add(connection);
            }

            connection.AcceptHandshake("0123456789abcdef0123456789abcdef", TimeSpan.FromSeconds(5));
            while (connection.ReadMessage() is { } call)
            {
                var fd = call.TakeFd(0);
                var side = fd is null ? null : new UnixSocket(fd);
                if (side is not null)
                {
                    lock (_keep)
                    {
                        _keep.Add(side);
                    }
                }

                respond(call, connection, side);
            }
        }
        catch (Exception e) when (e is Linux.LinuxException or ProtocolException or IOException)
        {
        }
    }

    public static void Reply(Message call, DBusConnection connection) =>
        connection.Send(Message.CreateMethodReturn(call, "", ReadOnlyMemory<byte>.Empty));

    public void Dispose()
    {
        _listener.Shutdown();
        _listener.Dispose();
        lock (_keep)
        {
            // shut down first: closing an fd that our serving thread is blocked on would not wake it,
            // and the client would never see the end of the stream
            foreach (var item in _keep)
            {
                (item as DBusConnection)?.Shutdown();
                (item as UnixSocket)?.Shutdown();
            }

            _thread.Join(TimeSpan.FromSeconds(5));
            foreach (var item in _keep)
            {
                item.Dispose();
            }
        }

        Directory.Delete(_folder, recursive: true);
    }
}
