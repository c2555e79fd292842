using CgManager.DBus.Transport;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.DBus.Server;

/// <summary>
/// A peer-to-peer D-Bus server: an accept loop and one thread per connection, so that a
/// slow or stalled client never holds up another. Each connection's peer credentials are
/// captured at accept, before the client can send anything.
/// </summary>
public sealed class DBusServer : IDisposable
{
    private readonly UnixSocket _listener;
    private readonly Dispatcher _dispatcher;
    private readonly ServerOptions _options;
    private readonly Dictionary<long, ServerConnection> _connections = [];
    private readonly Lock _lock = new();
    private Thread? _acceptThread;
    private long _nextId;
    private volatile bool _stopping;

    public DBusServer(UnixSocket listener, Dispatcher dispatcher, ServerOptions? options = null)
    {
        _listener = listener;
        _dispatcher = dispatcher;
        _options = options ?? new ServerOptions();
    }

    /// <summary>Reports a dropped client or a handler fault (level, text); the server itself never logs.</summary>
    public Action<string, string>? Diagnostic { get; init; }

    /// <summary>
    /// The listening socket belongs to a service manager too (socket activation): stopping must
    /// leave it listening, so that the manager can start us again on the next connection.
    /// </summary>
    public bool ListenerShared { get; init; }

    /// <summary>Called when a connection closes, so that per-connection state elsewhere can be dropped.</summary>
    public Action<ServerConnection>? ConnectionClosed { get; init; }

    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    public void Start()
    {
        _acceptThread = new Thread(AcceptLoop, _options.ConnectionThreadStackSize) { IsBackground = true, Name = "dbus-accept" };
        _acceptThread.Start();
    }

    /// <summary>Stops accepting, disconnects every client and waits for the accept loop to end.</summary>
    public void Stop()
    {
        _stopping = true;
        bool woken = true;
        if (ListenerShared)
        {
            // A shutdown would stop the manager's copy too; a connect of our own wakes the accept
            // instead. When even that fails, the background accept thread ends with the process.
            woken = _listener.WakeAcceptor();
        }
        else
        {
            _listener.Shutdown();
        }

        if (woken)
        {
            _acceptThread?.Join(TimeSpan.FromSeconds(2));
        }

        ServerConnection[] open;
        lock (_lock)
        {
            open = [.. _connections.Values];
        }

        foreach (var connection in open)
        {
            connection.Transport.Shutdown();
        }
    }

    public void Dispose()
    {
        Stop();
        _listener.Dispose();
    }

    private void AcceptLoop()
    {
        while (!_stopping)
        {
            UnixSocket socket;
            try
            {
                socket = _listener.Accept();
            }
            catch (LinuxException e)
            {
                if (_stopping)
                {
                    return;
                }

                // EMFILE and friends: back off rather than spin, and keep serving those we have.
                Diagnostic?.Invoke("warning", $"accept failed: {e.Message}");
                Thread.Sleep(50);
                continue;
            }

            if (_stopping)
            {
                // The wake-up connect of Stop, or a client that came too late: not served.
                socket.Dispose();
                return;
            }

            Admit(socket);
        }
    }

    private void Admit(UnixSocket socket)
    {
        ServerConnection connection;
        try
        {
            var peer = socket.GetPeerCredentials();
            connection = new ServerConnection(Interlocked.Increment(ref _nextId),
                new DBusConnection(socket, _options.MaxMessageSize) { SpinBeforeBlocking = _options.SpinBeforeBlocking }, peer);
        }
        catch (LinuxException e)
        {
            Diagnostic?.Invoke("warning", $"dropping a client whose credentials cannot be read: {e.Message}");
            socket.Dispose();
            return;
        }

        lock (_lock)
        {
            if (_connections.Count >= _options.MaxConnections)
            {
                Diagnostic?.Invoke("warning", $"connection limit {_options.MaxConnections} reached; refusing {connection.Peer}");
                connection.Dispose();
                return;
            }

            _connections.Add(connection.Id, connection);
        }

        var thread = new Thread(() => Serve(connection), _options.ConnectionThreadStackSize)
        {
            IsBackground = true,
            Name = "dbus-conn",
        };
        thread.Start();
    }

    private void Serve(ServerConnection connection)
    {
        try
        {
            connection.Transport.AcceptHandshake(_options.Guid, _options.AuthenticationDeadline);
            while (!_stopping)
            {
                using var message = connection.Transport.ReadMessage();
                if (message is null)
                {
                    break;
                }

                var reply = _dispatcher.Dispatch(connection, message);
                if (reply is not null)
                {
                    connection.Send(reply);
                }
            }
        }
        catch (Exception e) when (e is ProtocolException or TimeoutException or LinuxException)
        {
            Diagnostic?.Invoke("info", $"dropping client {connection.UniqueName} ({connection.Peer}): {e.Message}");
        }
        catch (Exception e)
        {
            // A handler bug must cost one connection, never the daemon.
            Diagnostic?.Invoke("error", $"internal error serving {connection.UniqueName} ({connection.Peer}): {e}");
        }
        finally
        {
            lock (_lock)
            {
                _connections.Remove(connection.Id);
            }

            ConnectionClosed?.Invoke(connection);
            connection.Dispose();
        }
    }
}
