using System.Text;
using CgManager.DBus.Auth;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.DBus.Transport;

/// <summary>
/// One D-Bus connection over a Unix stream socket: the SASL handshake (either side),
/// then framed messages with their SCM_RIGHTS fds. Reads happen on one thread;
/// sends may come from any thread and are serialized here.
/// </summary>
public sealed partial class DBusConnection : IDisposable
{
    private const int InitialBufferSize = 4096;

    private readonly UnixSocket _socket;
    private readonly Lock _sendLock = new();
    private readonly List<SafeFd> _pendingFds = [];
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private uint _nextSerial;
    private int _disposed;
    private bool _keepFdsDuringHandshake;

    public DBusConnection(UnixSocket socket, int maxMessageSize = ProtocolConstants.MaxIncomingMessageSize)
    {
        _socket = socket;
        MaxMessageSize = maxMessageSize;
    }

    public int MaxMessageSize { get; }

    public UnixSocket Socket => _socket;

    /// <summary>True once both sides agreed to pass unix fds.</summary>
    public bool UnixFdsEnabled { get; private set; }

    /// <summary>
    /// Reads the next complete message, or returns null at a clean end of stream.
    /// Throws ProtocolException for bytes that break the protocol (the caller drops the peer).
    /// </summary>
    public Message? ReadMessage()
    {
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
                    CompactIfEmpty();
                    return message;
                }

                EnsureCapacity(total);
            }

            if (!Fill())
            {
                if (_end != _start)
                {
                    throw new ProtocolException($"connection closed in the middle of a message ({_end - _start} bytes pending)");
                }

                return null;
            }
        }
    }

    /// <summary>Sends a message, assigning the next serial. Thread-safe. Returns the serial used.</summary>
    public uint Send(Message message)
    {
        lock (_sendLock)
        {
            uint serial = ++_nextSerial;
            var bytes = message.Serialize(serial);
            message.Serial = serial;
            _socket.SendAll(bytes, message.OutgoingFds.Count > 0 ? message.OutgoingFds : null);
            return serial;
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
    }

    private void DropPendingFds()
    {
        foreach (var fd in _pendingFds)
        {
            fd.Dispose();
        }

        _pendingFds.Clear();
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
        if (_pendingFds.Count > ProtocolConstants.MaxFdsPerMessage * 4)
        {
            throw new ProtocolException($"peer sent {_pendingFds.Count} unix fds that no message claims");
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

        var target = _buffer.Length >= needed ? _buffer : new byte[Math.Max(needed, _buffer.Length * 2)];
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
            }
        }
    }

    private static byte[] Line(string text) => Encoding.ASCII.GetBytes(text + "\r\n");
}
