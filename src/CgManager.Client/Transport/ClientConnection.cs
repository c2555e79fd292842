using CgManager.DBus;
using CgManager.DBus.Transport;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Client.Transport;

/// <summary>
/// The client end of one D-Bus connection: calls are sent from any thread, and one background
/// thread reads replies and completes the call that each answers (by reply serial). The codec
/// underneath blocks, so this thread is what makes the calls awaitable.
/// </summary>
internal sealed class ClientConnection : IDisposable
{
    private readonly DBusConnection _connection;
    private readonly Lock _pendingLock = new();
    private readonly Dictionary<uint, TaskCompletionSource<Message>> _pending = [];
    private readonly Thread _reader;
    private Exception? _closedBecause;
    private int _disposed;
    private ImmutableSignalHandlers _signalHandlers = ImmutableSignalHandlers.Empty;

    private ClientConnection(DBusConnection connection)
    {
        _connection = connection;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "cgmanager-client-reader" };
        _reader.Start();
    }

    public bool UnixFdsEnabled => _connection.UnixFdsEnabled;

    /// <summary>
    /// Sees every signal from the daemon, on the reader thread (so it must not block), until the returned
    /// registration is disposed. The message is disposed after all handlers ran; copy what you need.
    /// <paramref name="closed"/> runs once if the connection ends while subscribed.
    /// </summary>
    public IDisposable SubscribeSignals(Action<Message> handler, Action<Exception> closed)
    {
        var entry = new SignalHandler(handler, closed);
        Exception? alreadyClosed;
        lock (_pendingLock)
        {
            alreadyClosed = _closedBecause;
            if (alreadyClosed is null)
            {
                _signalHandlers = _signalHandlers.Add(entry);
            }
        }

        if (alreadyClosed is not null)
        {
            closed(Disconnected(alreadyClosed));
        }

        return new Unsubscriber(() =>
        {
            lock (_pendingLock)
            {
                _signalHandlers = _signalHandlers.Remove(entry);
            }
        });
    }

    /// <summary>Connects and authenticates (SASL EXTERNAL with our uid, unix fds negotiated), blocking.</summary>
    public static ClientConnection Open(string socketPath, TimeSpan handshakeDeadline)
    {
        UnixSocket socket;
        try
        {
            socket = UnixSocket.Connect(socketPath);
        }
        catch (LinuxException e)
        {
            throw ConnectFailure(socketPath, e);
        }

        var connection = new DBusConnection(socket) { SpinBeforeBlocking = DBusConnection.ReplySpin };
        try
        {
            connection.Authenticate(Sys.GetUid(), negotiateUnixFds: true, handshakeDeadline);
            return new ClientConnection(connection);
        }
        catch (Exception e) when (e is ProtocolException or TimeoutException or LinuxException)
        {
            connection.Dispose();
            throw new CgManagerException(CgManagerErrorNames.AuthFailed, $"Failed to authenticate to {socketPath}: {e.Message}", null, e);
        }
    }

    /// <summary>The names and texts libdbus gives for the same failures, so scripts see what they saw before.</summary>
    private static CgManagerException ConnectFailure(string socketPath, LinuxException e)
    {
        string name = e.Errno == Errno.ENOENT ? CgManagerErrorNames.FileNotFound
            : e.Errno.Value == 111 /* ECONNREFUSED */ ? CgManagerErrorNames.NoServer
            : e.Errno == Errno.EACCES || e.Errno == Errno.EPERM ? CgManagerErrorNames.AccessDenied
            : CgManagerErrorNames.Failed;
        return new CgManagerException(name, $"Failed to connect to socket {socketPath}: {e.Errno.Describe()}", null, e);
    }

    /// <summary>Sends a call and completes with its reply (a method return or an error message).</summary>
    public async Task<Message> CallAsync(Message call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested(); // a call once sent cannot be taken back
        var reply = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        uint serial;
        lock (_pendingLock)
        {
            if (_closedBecause is not null)
            {
                throw NotSent(_closedBecause);
            }

            // Registered under the same lock the reader takes, so a fast reply cannot be missed.
            try
            {
                serial = _connection.Send(call);
            }
            catch (Exception e) when (e is LinuxException or TimeoutException)
            {
                throw NotSent(e);
            }

            _pending[serial] = reply;
        }

        using (cancellationToken.Register(() =>
        {
            lock (_pendingLock)
            {
                _pending.Remove(serial);
            }

            reply.TrySetCanceled(cancellationToken);
        }))
        {
            return await reply.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Sends a message that expects no reply (NO_REPLY_EXPECTED).</summary>
    public void SendNoReply(Message message)
    {
        try
        {
            _connection.Send(message);
        }
        catch (Exception e) when (e is LinuxException or TimeoutException)
        {
            throw Disconnected(e);
        }
    }

    private void ReadLoop()
    {
        Exception reason = new EndOfStreamException("the daemon closed the connection");
        try
        {
            while (_connection.ReadMessage() is { } message)
            {
                Deliver(message);
            }
        }
        catch (Exception e) when (e is ProtocolException or LinuxException or IOException)
        {
            reason = e;
        }

        List<TaskCompletionSource<Message>> orphans;
        ImmutableSignalHandlers listeners;
        lock (_pendingLock)
        {
            _closedBecause = reason;
            orphans = [.. _pending.Values];
            _pending.Clear();
            listeners = _signalHandlers;
            _signalHandlers = ImmutableSignalHandlers.Empty;
        }

        foreach (var orphan in orphans)
        {
            orphan.TrySetException(Disconnected(reason));
        }

        foreach (var listener in listeners.Items)
        {
            listener.Closed(Disconnected(reason));
        }
    }

    private void Deliver(Message message)
    {
        if (message.Type == MessageType.Signal)
        {
            using (message) // handlers copy what they need; any fds go with the message
            {
                ImmutableSignalHandlers listeners;
                lock (_pendingLock)
                {
                    listeners = _signalHandlers;
                }

                foreach (var listener in listeners.Items)
                {
                    listener.Handle(message);
                }
            }

            return;
        }

        if (message.Type is not (MessageType.MethodReturn or MessageType.Error))
        {
            message.Dispose();
            return;
        }

        TaskCompletionSource<Message>? waiter;
        lock (_pendingLock)
        {
            _pending.Remove(message.ReplySerial, out waiter);
        }

        if (waiter is null || !waiter.TrySetResult(message))
        {
            message.Dispose(); // a call that was cancelled meanwhile
        }
    }

    private sealed record SignalHandler(Action<Message> Handle, Action<Exception> Closed);

    /// <summary>Copy-on-write list: the reader iterates a snapshot without holding the lock.</summary>
    private sealed class ImmutableSignalHandlers(SignalHandler[] items)
    {
        public static readonly ImmutableSignalHandlers Empty = new([]);

        public SignalHandler[] Items { get; } = items;

        public ImmutableSignalHandlers Add(SignalHandler handler) => new([.. Items, handler]);

        public ImmutableSignalHandlers Remove(SignalHandler handler) => new([.. Items.Where(h => !ReferenceEquals(h, handler))]);
    }

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }

    private static CgManagerException Disconnected(Exception reason) =>
        new(CgManagerErrorNames.Disconnected, $"Connection to the cgroup manager lost: {reason.Message}", null, reason);

    private static CgManagerException NotSent(Exception reason) =>
        new(CgManagerErrorNames.Disconnected, $"Connection to the cgroup manager lost: {reason.Message}", null, reason) { NeverSent = true };

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _connection.Shutdown();
        if (Thread.CurrentThread != _reader)
        {
            _reader.Join();
        }

        _connection.Dispose();
    }
}
