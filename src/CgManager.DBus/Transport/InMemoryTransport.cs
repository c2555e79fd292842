using CgManager.Linux;

namespace CgManager.DBus.Transport;

/// <summary>
/// One end of a connected pair of in-memory streams (<see cref="CreatePair"/>), for running a
/// <see cref="DBusConnection"/> (and the server over it) in-process without a socket. It behaves as
/// a Unix stream socket does where the connection can tell: bytes arrive in order, in pieces of any
/// size; fds sent with bytes arrive with the first of those bytes, as new descriptors of the same
/// files (duplicated, as SCM_RIGHTS does), and one receive never returns bytes from both sides of
/// a send that carried fds; each direction holds at most <see cref="Capacity"/> bytes, beyond which
/// a non-waiting send takes nothing; a shut-down end reads 0 and sending to it fails with EPIPE.
/// The peer's credentials are whatever the test says they are (see DBusServer.Admit).
/// </summary>
public sealed class InMemoryTransport : IStreamTransport
{
    /// <summary>Bytes one direction holds by default, about what a Unix socket buffers.</summary>
    public const int DefaultCapacity = 208 * 1024;

    private readonly Pipe _incoming;
    private readonly Pipe _outgoing;
    private TimeSpan? _receiveTimeout;

    private InMemoryTransport(Pipe incoming, Pipe outgoing)
    {
        _incoming = incoming;
        _outgoing = outgoing;
    }

    /// <summary>Bytes one direction holds before a send must wait.</summary>
    public int Capacity => _outgoing.Capacity;

    /// <summary>Two connected ends: what one sends the other receives.</summary>
    public static (InMemoryTransport First, InMemoryTransport Second) CreatePair(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        var toSecond = new Pipe(capacity);
        var toFirst = new Pipe(capacity);
        return (new InMemoryTransport(toFirst, toSecond), new InMemoryTransport(toSecond, toFirst));
    }

    public int Receive(Span<byte> buffer, List<SafeFd>? fds)
    {
        if (!_incoming.TryRead(buffer, fds, _receiveTimeout ?? Timeout.InfiniteTimeSpan, out int received))
        {
            throw new TimeoutException("receive timed out");
        }

        return received;
    }

    public bool TryReceiveNow(Span<byte> buffer, List<SafeFd>? fds, out int received) =>
        _incoming.TryRead(buffer, fds, TimeSpan.Zero, out received);

    public void SendAll(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_outgoing.TryWrite(data, null, out int sent))
            {
                data = data[sent..];
            }
            else
            {
                _outgoing.WaitWritable(Timeout.InfiniteTimeSpan);
            }
        }
    }

    public bool TrySendNow(ReadOnlySpan<byte> data, IReadOnlyList<SafeFd>? fds, out int sent) => _outgoing.TryWrite(data, fds, out sent);

    public bool WaitWritable(TimeSpan? timeout) => _outgoing.WaitWritable(timeout ?? Timeout.InfiniteTimeSpan);

    public bool WaitReadable(TimeSpan? timeout) => _incoming.WaitReadable(timeout ?? Timeout.InfiniteTimeSpan);

    public SafeFd? ReadinessFd => null;

    public void SetReceiveTimeout(TimeSpan? timeout) => _receiveTimeout = timeout;

    public void Shutdown()
    {
        _incoming.Close();
        _outgoing.Close();
    }

    public void Dispose()
    {
        Shutdown();
        _incoming.DropUnread();
    }

    /// <summary>One direction: chunks in send order, each with the fds that came with its first byte.</summary>
    private sealed class Pipe(int capacity)
    {
        private readonly object _gate = new();
        private readonly Queue<Chunk> _chunks = new();
        private int _buffered;
        private bool _closed;

        public int Capacity { get; } = capacity;

        /// <summary>False when nothing arrived within <paramref name="timeout"/>; 0 bytes at the end of the stream.</summary>
        public bool TryRead(Span<byte> buffer, List<SafeFd>? fds, TimeSpan timeout, out int received)
        {
            lock (_gate)
            {
                while (_chunks.Count == 0 && !_closed)
                {
                    if (timeout == TimeSpan.Zero || !Monitor.Wait(_gate, timeout))
                    {
                        received = 0;
                        return false;
                    }
                }

                received = 0;
                while (received < buffer.Length && _chunks.TryPeek(out var chunk))
                {
                    if (chunk.Fds is { } attached)
                    {
                        if (received > 0)
                        {
                            break; // a receive ends where a send with fds begins
                        }

                        Hand(attached, fds);
                        chunk.Fds = null;
                    }

                    int n = Math.Min(buffer.Length - received, chunk.Data.Length - chunk.Offset);
                    chunk.Data.AsSpan(chunk.Offset, n).CopyTo(buffer[received..]);
                    chunk.Offset += n;
                    received += n;
                    if (chunk.Offset == chunk.Data.Length)
                    {
                        _chunks.Dequeue();
                    }
                }

                _buffered -= received;
                Monitor.PulseAll(_gate);
                return true;
            }
        }

        /// <summary>False when the pipe is full; EPIPE once the reader has shut down.</summary>
        public bool TryWrite(ReadOnlySpan<byte> data, IReadOnlyList<SafeFd>? fds, out int sent)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    throw new LinuxException("sendmsg", Errno.EPIPE);
                }

                sent = Math.Min(data.Length, Capacity - _buffered);
                if (sent <= 0 && data.Length > 0)
                {
                    sent = 0;
                    return false;
                }

                SafeFd[]? copies = fds is { Count: > 0 } ? [.. fds.Select(Sys.Duplicate)] : null;
                _chunks.Enqueue(new Chunk(data[..sent].ToArray(), copies));
                _buffered += sent;
                Monitor.PulseAll(_gate);
                return true;
            }
        }

        public bool WaitReadable(TimeSpan timeout)
        {
            lock (_gate)
            {
                while (_chunks.Count == 0 && !_closed)
                {
                    if (!Monitor.Wait(_gate, timeout))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        public bool WaitWritable(TimeSpan timeout)
        {
            lock (_gate)
            {
                while (_buffered >= Capacity && !_closed)
                {
                    if (!Monitor.Wait(_gate, timeout))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        public void Close()
        {
            lock (_gate)
            {
                _closed = true;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Closes fds no one received, as the kernel does with a socket's queue.</summary>
        public void DropUnread()
        {
            lock (_gate)
            {
                foreach (var chunk in _chunks)
                {
                    foreach (var fd in chunk.Fds ?? [])
                    {
                        fd.Dispose();
                    }
                }

                _chunks.Clear();
                _buffered = 0;
            }
        }

        private static void Hand(SafeFd[] attached, List<SafeFd>? into)
        {
            foreach (var fd in attached)
            {
                if (into is null)
                {
                    fd.Dispose();
                }
                else
                {
                    into.Add(fd);
                }
            }
        }
    }

    private sealed class Chunk(byte[] data, SafeFd[]? fds)
    {
        public byte[] Data { get; } = data;

        public SafeFd[]? Fds { get; set; } = fds;

        public int Offset { get; set; }
    }
}
