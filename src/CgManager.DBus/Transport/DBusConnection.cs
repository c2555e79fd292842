using System.Diagnostics;
using System.Text;
using CgManager.DBus.Auth;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.DBus.Transport;

/// <summary>
/// One D-Bus connection over a Unix stream socket: the SASL handshake (either side),
/// then framed messages with their SCM_RIGHTS fds. Reads happen on one thread;
/// sends may come from any thread and are serialized here. The socket is reached through
/// <see cref="IStreamTransport"/> (one interface call per receive or send), so that tests can run
/// the same code over an in-memory pair.
/// </summary>
public sealed partial class DBusConnection : IDisposable
{
    private const int InitialBufferSize = 4096;

    private readonly IStreamTransport _socket;
    private readonly Lock _sendLock = new();
    private readonly List<SafeFd> _pendingFds = [];
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private uint _nextSerial;
    private int _disposed;
    private bool _keepFdsDuringHandshake;
    private long _chargedBytes;
    private int _chargedFds;
    private long _partialSince;
    private bool _receiveTimeoutArmed;

    /// <summary>Over a connected Unix stream socket, which the connection owns from now on.</summary>
    public DBusConnection(UnixSocket socket, int maxMessageSize = ProtocolConstants.MaxIncomingMessageSize)
        : this(new SocketTransport(socket), maxMessageSize)
    {
    }

    /// <summary>Over any connected stream (an in-memory pair in tests), which the connection owns from now on.</summary>
    public DBusConnection(IStreamTransport transport, int maxMessageSize = ProtocolConstants.MaxIncomingMessageSize)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _socket = transport;
        MaxMessageSize = maxMessageSize;
    }

    public int MaxMessageSize { get; }

    /// <summary>The stream this connection runs over.</summary>
    public IStreamTransport Stream => _socket;

    /// <summary>True once both sides agreed to pass unix fds.</summary>
    public bool UnixFdsEnabled { get; private set; }

    /// <summary>Where buffered bytes and unclaimed fds are charged (a server sets the peer's uid's share); null charges nothing.</summary>
    public IReceiveBudget? Budget { get; set; }

    /// <summary>
    /// Time a message may take from its first byte to its last; null waits for ever. A peer that
    /// starts a message (or sends fds) and stalls would otherwise hold its buffer and fds indefinitely.
    /// </summary>
    public TimeSpan? MessageDeadline { get; set; }

    /// <summary>
    /// Reads the next complete message, or returns null at a clean end of stream.
    /// Throws ProtocolException for bytes that break the protocol (the caller drops the peer).
    /// </summary>
    public Message? ReadMessage() => ReadNext(null, out _);

    /// <summary>
    /// As <see cref="ReadMessage"/>, but gives up when no byte of a next message arrives within
    /// <paramref name="idleLimit"/>: false then, with nothing consumed, so that the connection can be
    /// read again later (when epoll reports <see cref="IStreamTransport.ReadinessFd"/> readable).
    /// Once part of a message is here, it waits for the rest as <see cref="ReadMessage"/> does.
    /// </summary>
    public bool TryReadMessage(TimeSpan idleLimit, out Message? message)
    {
        message = ReadNext(idleLimit, out bool idle);
        return !idle;
    }

    private Message? ReadNext(TimeSpan? idleLimit, out bool idle)
    {
        idle = false;
        while (true)
        {
            int available = _end - _start;
            if (available >= MessageFraming.FixedHeaderLength)
            {
                int total = MessageFraming.GetTotalLength(_buffer.AsSpan(_start, MessageFraming.FixedHeaderLength), MaxMessageSize);
                if (available >= total)
                {
                    var bytes = _buffer.AsMemory(_start, total);
                    _start += total;
                    var message = Message.Parse(bytes, TakeFdsFor(bytes.Span)); // Parse copies the body out
                    _partialSince = 0;
                    CompactIfEmpty();
                    return message;
                }

                EnsureCapacity(total);
            }

            _idleLimit = _end == _start && _pendingFds.Count == 0 ? idleLimit : null;
            bool filled = FillWithinMessageDeadline();
            _idleLimit = null;
            if (!filled)
            {
                if (_wentIdle)
                {
                    _wentIdle = false;
                    idle = true;
                    return null;
                }

                if (_end != _start)
                {
                    throw new ProtocolException($"connection closed in the middle of a message ({_end - _start} bytes pending)");
                }

                return null;
            }
        }
    }

    /// <summary>Shuts the socket down so that a thread blocked in ReadMessage returns.</summary>
    public void Shutdown() => _socket.Shutdown();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _socket.Dispose();
        DropPendingFds();
        DropOutgoing();
        Budget?.GiveBytes(_chargedBytes);
        _chargedBytes = 0;
    }

    private void DropPendingFds()
    {
        foreach (var fd in _pendingFds)
        {
            fd.Dispose();
        }

        _pendingFds.Clear();
        Budget?.GiveFds(_chargedFds);
        _chargedFds = 0;
    }

    /// <summary>Hands the message the fds its UNIX_FDS field announced; fds must have arrived with or before its bytes.</summary>
    private SafeFd[] TakeFdsFor(ReadOnlySpan<byte> message)
    {
        if (_pendingFds.Count == 0)
        {
            return [];
        }

        uint wanted = HeaderScanner.GetUnixFdCount(message);
        if (wanted > (uint)_pendingFds.Count)
        {
            throw new ProtocolException($"message announces {wanted} unix fds but only {_pendingFds.Count} arrived");
        }

        var fds = _pendingFds.GetRange(0, (int)wanted).ToArray();
        _pendingFds.RemoveRange(0, (int)wanted);
        int handed = Math.Min((int)wanted, _chargedFds);
        _chargedFds -= handed;
        Budget?.GiveFds(handed);
        return fds;
    }

    /// <summary>Receives more bytes (and fds); false at end of stream.</summary>
    private bool Fill()
    {
        if (_end == _buffer.Length)
        {
            EnsureCapacity(_end - _start + InitialBufferSize);
        }

        int n = ReceiveSome(_buffer.AsSpan(_end), UnixFdsEnabled || _keepFdsDuringHandshake ? _pendingFds : null);
        if (n == WentIdle)
        {
            _wentIdle = true;
            return false;
        }

        if (_pendingFds.Count > ProtocolConstants.MaxFdsPerMessage * 4)
        {
            throw new ProtocolException($"peer sent {_pendingFds.Count} unix fds that no message claims");
        }

        int arrived = _pendingFds.Count - _chargedFds;
        if (arrived > 0 && Budget is { } budget)
        {
            if (!budget.TryTakeFds(arrived, out string refusal))
            {
                throw new ProtocolException($"too many unix fds held for unfinished messages: {refusal}");
            }

            _chargedFds += arrived;
        }

        _end += n;
        return n > 0;
    }

    private void EnsureCapacity(int needed)
    {
        int pending = _end - _start;
        if (_buffer.Length - _start >= needed)
        {
            return;
        }

        var target = _buffer.Length >= needed ? _buffer : new byte[Charge(Math.Max(needed, _buffer.Length * 2))];
        Buffer.BlockCopy(_buffer, _start, target, 0, pending);
        _buffer = target;
        _start = 0;
        _end = pending;
    }

    private void CompactIfEmpty()
    {
        if (_start == _end)
        {
            _start = _end = 0;
            // A one-off large message must not pin its buffer for the connection's lifetime.
            if (_buffer.Length > InitialBufferSize * 16)
            {
                _buffer = new byte[InitialBufferSize];
                Budget?.GiveBytes(_chargedBytes);
                _chargedBytes = 0;
            }
        }
    }

    /// <summary>Charges a buffer of <paramref name="size"/> bytes (beyond the initial one) to the budget before it is allocated.</summary>
    private int Charge(int size)
    {
        long wanted = Math.Max(0, size - InitialBufferSize) - _chargedBytes;
        if (wanted > 0 && Budget is { } budget)
        {
            if (!budget.TryTakeBytes(wanted, out string refusal))
            {
                throw new ProtocolException($"too many bytes buffered for unfinished messages: {refusal}");
            }

            _chargedBytes += wanted;
        }

        return size;
    }

    /// <summary>
    /// <see cref="Fill"/>, but once part of a message (or an fd) is here, only until the message's
    /// deadline: the kernel receive timeout is armed for what is left of it, and disarmed when idle.
    /// </summary>
    private bool FillWithinMessageDeadline()
    {
        if (MessageDeadline is not { } deadline)
        {
            return Fill();
        }

        if (_end == _start && _pendingFds.Count == 0)
        {
            _partialSince = 0;
            if (_receiveTimeoutArmed)
            {
                _socket.SetReceiveTimeout(null);
                _receiveTimeoutArmed = false;
            }

            return Fill();
        }

        if (_partialSince == 0)
        {
            _partialSince = Stopwatch.GetTimestamp();
        }

        var left = deadline - Stopwatch.GetElapsedTime(_partialSince);
        if (left <= TimeSpan.Zero)
        {
            throw new TimeoutException($"message not completed within {deadline.TotalSeconds:0.#} s of its first byte");
        }

        _socket.SetReceiveTimeout(left);
        _receiveTimeoutArmed = true;
        try
        {
            return Fill();
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"message not completed within {deadline.TotalSeconds:0.#} s of its first byte");
        }
    }

    private static byte[] Line(string text) => Encoding.ASCII.GetBytes(text + "\r\n");
}
