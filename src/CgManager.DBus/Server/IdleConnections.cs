using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.DBus.Server;

/// <summary>
/// Connections whose client has sent nothing for a while, waiting together on one thread (epoll)
/// instead of on a thread each. Clients such as LXC, a PAM session's helper or a monitor keep a
/// connection open for hours and call rarely; parked, each costs an fd and a few hundred bytes
/// rather than a thread and its stack. When a parked connection becomes readable (a call, the end
/// of the stream, an error) it is handed back exactly once to <c>resume</c>, which serves it on a
/// thread again. A connection in the middle of a message is never parked: it keeps its thread
/// until the message is complete or its deadline passes, as before.
/// </summary>
internal sealed class IdleConnections : IDisposable
{
    /// <summary>The token of the wake-up socket; connection ids start at 1.</summary>
    private const ulong WakeToken = 0;

    private readonly Action<ServerConnection> _resume;
    private readonly Action<string, string>? _diagnostic;
    private readonly int _stackSize;
    private readonly Dictionary<ulong, Parked> _parked = [];
    private readonly Lock _lock = new();
    private Epoll? _epoll;
    private UnixSocket? _wakeReader;
    private UnixSocket? _wakeWriter;
    private bool _disposed;

    public IdleConnections(Action<ServerConnection> resume, int stackSize, Action<string, string>? diagnostic)
    {
        _resume = resume;
        _stackSize = stackSize;
        _diagnostic = diagnostic;
    }

    /// <summary>Connections parked now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _parked.Count;
            }
        }
    }

    /// <summary>
    /// Starts the waiting thread now rather than at the first park, so that its fds (the epoll
    /// instance and a wake-up socket pair) and its thread are part of what an idle server holds.
    /// </summary>
    public void Start()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                EnsureStarted();
            }
        }
    }

    /// <summary>
    /// Parks <paramref name="connection"/> until its client sends something. The caller's thread must
    /// not touch the connection's reading side afterwards: it may already be served again. False when
    /// it cannot be parked (no fd to wait on, or epoll failed); the caller then goes on serving it.
    /// </summary>
    public bool TryPark(ServerConnection connection)
    {
        if (connection.Transport.Stream.ReadinessFd is not { } fd)
        {
            return false;
        }

        lock (_lock)
        {
            if (_disposed || !EnsureStarted())
            {
                return false;
            }

            bool added = false;
            fd.DangerousAddRef(ref added);
            ulong token = (ulong)connection.Id;
            _parked[token] = new Parked(connection, fd);
            try
            {
                // Under the lock: a report that comes at once finds the entry complete.
                _epoll!.AddReadableOnce(fd, token);
                return true;
            }
            catch (LinuxException e)
            {
                _parked.Remove(token);
                fd.DangerousRelease();
                _diagnostic?.Invoke("warning", $"cannot park an idle connection, its thread stays: {e.Message}");
                return false;
            }
        }
    }

    /// <summary>Stops the waiting thread; connections still parked are left to the server's shutdown (it ends their streams).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            // Closing our end hangs the waiting thread's end up, which epoll reports with the wake token.
            _wakeWriter?.Dispose();
        }
    }

    private bool EnsureStarted()
    {
        if (_epoll is not null)
        {
            return true;
        }

        Epoll? epoll = null;
        (UnixSocket Reader, UnixSocket Writer)? wake = null;
        try
        {
            epoll = Epoll.Create();
            wake = UnixSocket.CreatePair(UnixSocket.Stream);
            epoll.AddReadableOnce(wake.Value.Reader.Handle, WakeToken);
            var thread = new Thread(WaitLoop, _stackSize) { IsBackground = true, Name = "dbus-idle" };
            _epoll = epoll;
            (_wakeReader, _wakeWriter) = wake.Value;
            thread.Start();
            return true;
        }
        catch (Exception e) when (e is LinuxException or OutOfMemoryException)
        {
            _epoll = null;
            _wakeReader = _wakeWriter = null;
            epoll?.Dispose();
            wake?.Reader.Dispose();
            wake?.Writer.Dispose();
            _diagnostic?.Invoke("warning", $"cannot wait for idle connections on one thread, each keeps its own: {e.Message}");
            return false;
        }
    }

    private void WaitLoop()
    {
        var epoll = _epoll!;
        var tokens = new ulong[64];
        try
        {
            while (true)
            {
                int n = epoll.Wait(tokens, -1);
                for (int i = 0; i < n; i++)
                {
                    if (tokens[i] == WakeToken)
                    {
                        // Disposed: whatever is still parked is handed back with its stream ended, so that it is closed.
                        DropAll();
                        return;
                    }

                    Hand(tokens[i]);
                }
            }
        }
        catch (LinuxException e)
        {
            // Nothing can be woken any more: end every parked stream, so that each is served once and closed.
            _diagnostic?.Invoke("error", $"waiting for idle connections failed, dropping them: {e.Message}");
            DropAll();
        }
        finally
        {
            lock (_lock)
            {
                _epoll = null;
                _disposed = true;
            }

            epoll.Dispose();
            _wakeReader?.Dispose();
        }
    }

    private void Hand(ulong token)
    {
        Parked parked;
        lock (_lock)
        {
            if (!_parked.Remove(token, out parked))
            {
                return;
            }

            try
            {
                // The oneshot report disarmed it; removing it lets the same fd be parked again later.
                _epoll!.Remove(parked.Fd);
            }
            catch (LinuxException e)
            {
                // Served on a thread all the same; parking it again will fail (EEXIST) and keep that thread.
                _diagnostic?.Invoke("warning", $"cannot forget a woken idle connection: {e.Message}");
            }
        }

        parked.Fd.DangerousRelease();
        _resume(parked.Connection);
    }

    private void DropAll()
    {
        Parked[] all;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _parked.Values];
            _parked.Clear();
        }

        foreach (var parked in all)
        {
            parked.Fd.DangerousRelease();
            parked.Connection.Drop();
            _resume(parked.Connection);
        }
    }

    private readonly record struct Parked(ServerConnection Connection, SafeFd Fd);
}
