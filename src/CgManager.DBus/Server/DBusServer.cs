using CgManager.DBus.Transport;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.DBus.Server;

/// <summary>
/// A peer-to-peer D-Bus server: an accept loop and one thread per connection being served, so
/// that a slow or stalled client never holds up another; a connection whose client has been
/// quiet for <see cref="ServerOptions.ParkIdleAfter"/> gives its thread back and waits with the
/// other idle ones on one epoll thread (<see cref="IdleConnections"/>). Each connection's peer credentials are
/// captured at accept, before the client can send anything. What a connection may hold
/// (its slot and thread, bytes and fds of an unfinished message) is charged to its uid's
/// share (<see cref="UidShares"/>), so threads are bounded per uid and root is always served.
/// Connections come from the listening socket, or are handed in with <see cref="Admit"/> (an
/// in-memory transport in tests, with the credentials the test gives).
/// </summary>
public sealed class DBusServer : IDisposable
{
    private readonly UnixSocket? _listener;
    private readonly Dispatcher _dispatcher;
    private readonly ServerOptions _options;
    private readonly Dictionary<long, ServerConnection> _connections = [];
    private readonly Lock _lock = new();
    private readonly IdleConnections _idle;
    private Thread? _acceptThread;
    private long _nextId;
    private volatile bool _stopping;
    private long _lastRefusalReport;
    private int _refusedSinceReport;

    public DBusServer(UnixSocket listener, Dispatcher dispatcher, ServerOptions? options = null)
        : this(dispatcher, options)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listener = listener;
    }

    /// <summary>A server without a listening socket: it serves the connections handed to <see cref="Admit"/>.</summary>
    public DBusServer(Dispatcher dispatcher, ServerOptions? options = null)
    {
        _dispatcher = dispatcher;
        _options = options ?? new ServerOptions();
        Connections = new UidShares("connections", _options.MaxConnectionsPerUid, _options.MaxConnections, _options.ConnectionsReservedForRoot);
        BufferedBytes = new UidShares("bytes of unfinished messages", _options.MaxBufferedBytesPerUid, _options.MaxBufferedBytes, _options.MaxBufferedBytes / 4);
        HeldFds = new UidShares("fds of unfinished messages", _options.MaxHeldFdsPerUid, _options.MaxHeldFds, _options.MaxHeldFds / 4);
        _idle = new IdleConnections(Resume, _options.ConnectionThreadStackSize, (level, text) => Diagnostic?.Invoke(level, text));
    }

    /// <summary>Connection slots by uid.</summary>
    public UidShares Connections { get; }

    /// <summary>Bytes buffered for unfinished messages, by uid.</summary>
    public UidShares BufferedBytes { get; }

    /// <summary>Received fds that no complete message has claimed yet, by uid.</summary>
    public UidShares HeldFds { get; }

    /// <summary>Reports a dropped client or a handler fault (level, text); the server itself never logs.</summary>
    public Action<string, string>? Diagnostic { get; init; }

    /// <summary>
    /// The listening socket belongs to a service manager too (socket activation): stopping must
    /// leave it listening, so that the manager can start us again on the next connection.
    /// </summary>
    public bool ListenerShared { get; init; }

    /// <summary>Called when a connection closes, so that per-connection state elsewhere can be dropped.</summary>
    public Action<ServerConnection>? ConnectionClosed { get; init; }

    /// <summary>Connections waiting for their client without a thread of their own.</summary>
    public int IdleConnectionCount => _idle.Count;

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
        if (_options.ParkIdleAfter is not null)
        {
            _idle.Start();
        }

        if (_listener is null)
        {
            return;
        }

        _acceptThread = new Thread(AcceptLoop, _options.ConnectionThreadStackSize) { IsBackground = true, Name = "dbus-accept" };
        _acceptThread.Start();
    }

    /// <summary>Stops accepting, disconnects every client and waits for the accept loop to end.</summary>
    public void Stop()
    {
        _stopping = true;
        bool woken = true;
        if (_listener is null)
        {
            woken = false;
        }
        else if (ListenerShared)
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

        _idle.Dispose();
    }

    public void Dispose()
    {
        Stop();
        _listener?.Dispose();
    }

    private void AcceptLoop()
    {
        while (!_stopping)
        {
            UnixSocket socket;
            try
            {
                socket = _listener!.Accept();
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

            Accept(socket);
        }
    }

    private void Accept(UnixSocket socket)
    {
        PeerCredentials peer;
        try
        {
            peer = socket.GetPeerCredentials();
        }
        catch (LinuxException e)
        {
            Diagnostic?.Invoke("warning", $"dropping a client whose credentials cannot be read: {e.Message}");
            socket.Dispose();
            return;
        }

        Admit(new SocketTransport(socket), peer);
    }

    /// <summary>
    /// Serves a connected stream whose peer is <paramref name="peer"/>, as if accepted now: charged to
    /// the peer's uid (refused and disposed past its share), the handshake first, on a thread of its own.
    /// Returns false when it was refused.
    /// </summary>
    public bool Admit(IStreamTransport stream, PeerCredentials peer)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!Connections.TryTake(peer.Uid, 1, out string refusal))
        {
            ReportRefusal($"refusing a connection of {peer}: {refusal}");
            stream.Dispose();
            return false;
        }

        var transport = new DBusConnection(stream, _options.MaxMessageSize)
        {
            SpinBeforeBlocking = _options.SpinBeforeBlocking,
            Budget = new UidBudget(this, peer.Uid),
            MessageDeadline = _options.MessageDeadline,
            SendDeadline = _options.SendDeadline,
            MaxQueuedBytes = _options.MaxQueuedBytesPerConnection,
        };
        var connection = new ServerConnection(Interlocked.Increment(ref _nextId), transport, peer);
        lock (_lock)
        {
            _connections.Add(connection.Id, connection);
        }

        return StartServing(connection, handshake: true);
    }

    /// <summary>A parked connection's client sent something (or hung up): served on a thread again.</summary>
    private void Resume(ServerConnection connection) => StartServing(connection, handshake: false);

    private bool StartServing(ServerConnection connection, bool handshake)
    {
        var thread = new Thread(() => Serve(connection, handshake), _options.ConnectionThreadStackSize)
        {
            IsBackground = true,
            Name = "dbus-conn",
        };
        try
        {
            thread.Start();
        }
        catch (OutOfMemoryException)
        {
            Diagnostic?.Invoke("warning", $"cannot start a thread for {connection.Peer}; dropping it");
            Close(connection);
            return false;
        }

        return true;
    }

    /// <summary>A flood of refusals is reported once a second with a count, not once per connection.</summary>
    private void ReportRefusal(string text)
    {
        long now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastRefusalReport) < 1000)
        {
            Interlocked.Increment(ref _refusedSinceReport);
            return;
        }

        Interlocked.Exchange(ref _lastRefusalReport, now);
        int more = Interlocked.Exchange(ref _refusedSinceReport, 0);
        Diagnostic?.Invoke("warning", more > 0 ? $"{text} (and {more} more refused since the last report)" : text);
    }

    private void Close(ServerConnection connection)
    {
        lock (_lock)
        {
            _connections.Remove(connection.Id);
        }

        ConnectionClosed?.Invoke(connection);
        connection.Dispose();
        Connections.Give(connection.Peer.Uid, 1);
    }

    /// <summary>Charges a connection's unfinished message to its uid's shares.</summary>
    private sealed class UidBudget(DBusServer server, uint uid) : IReceiveBudget
    {
        public bool TryTakeBytes(long bytes, out string refusal) => server.BufferedBytes.TryTake(uid, bytes, out refusal);

        public void GiveBytes(long bytes) => server.BufferedBytes.Give(uid, bytes);

        public bool TryTakeFds(int count, out string refusal) => server.HeldFds.TryTake(uid, count, out refusal);

        public void GiveFds(int count) => server.HeldFds.Give(uid, count);
    }

    private void Serve(ServerConnection connection, bool handshake)
    {
        bool parked = false;
        try
        {
            if (handshake)
            {
                connection.Transport.AcceptHandshake(_options.Guid, _options.AuthenticationDeadline);
            }

            var parkAfter = connection.Transport.Stream.ReadinessFd is null ? null : _options.ParkIdleAfter;
            while (!_stopping)
            {
                Message? next;
                if (parkAfter is not { } quiet)
                {
                    next = connection.Transport.ReadMessage();
                }
                else if (!connection.Transport.TryReadMessage(quiet, out next))
                {
                    if (_idle.TryPark(connection))
                    {
                        // The connection may already be served on another thread: nothing here touches it again.
                        parked = true;
                        return;
                    }

                    parkAfter = null;
                    continue;
                }

                using var message = next;
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
            if (!parked)
            {
                Close(connection);
            }
        }
    }
}
