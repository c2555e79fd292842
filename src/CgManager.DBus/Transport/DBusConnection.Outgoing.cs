using System.Diagnostics;
using CgManager.Linux;

namespace CgManager.DBus.Transport;

/// <summary>
/// The outgoing side: one queue per connection, written only with non-blocking sends under a lock
/// that is never held while waiting. A reply (<see cref="Send"/>) waits for its own bytes to leave,
/// at most <see cref="SendDeadline"/>; a signal (<see cref="Post"/>) never waits: what the socket
/// cannot take stays queued, up to <see cref="MaxQueuedBytes"/>, and <see cref="FlushPending"/>
/// moves it on later. So one subscriber that stops reading costs its own queue, never the thread
/// that serves everyone's events.
/// </summary>
public sealed partial class DBusConnection
{
    private readonly Queue<Outgoing> _outgoing = new();
    private long _queuedBytes;
    private long _lastProgress;

    /// <summary>How long a peer may take no bytes while some are queued for it; null waits for ever (a client's own calls).</summary>
    public TimeSpan? SendDeadline { get; set; }

    /// <summary>Bytes that may wait for the peer beyond what the kernel buffers; a <see cref="Post"/> past this fails.</summary>
    public long MaxQueuedBytes { get; set; } = long.MaxValue;

    /// <summary>Bytes waiting for the peer to read.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_sendLock)
            {
                return _queuedBytes;
            }
        }
    }

    /// <summary>
    /// Sends a message, assigning the next serial, and waits until it has left (behind anything
    /// queued before it). Thread-safe. Throws TimeoutException when the peer takes nothing for
    /// <see cref="SendDeadline"/>. Returns the serial used.
    /// </summary>
    public uint Send(Message message)
    {
        Outgoing entry;
        uint serial;
        lock (_sendLock)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            serial = Enqueue(message, out entry);
            FlushLocked();
            if (entry.Done)
            {
                return serial;
            }
        }

        while (true)
        {
            TimeSpan? left = null;
            if (SendDeadline is { } deadline)
            {
                left = deadline - Stopwatch.GetElapsedTime(Volatile.Read(ref _lastProgress));
                if (left <= TimeSpan.Zero)
                {
                    // The half-sent message stays queued; nothing may follow it on this stream.
                    _socket.Shutdown();
                    throw new TimeoutException($"peer took no data for {deadline.TotalSeconds:0.#} s");
                }
            }

            _socket.WaitWritable(left);
            lock (_sendLock)
            {
                ObjectDisposedException.ThrowIf(_disposed != 0, this);
                FlushLocked();
                if (entry.Done)
                {
                    return serial;
                }
            }
        }
    }

    /// <summary>
    /// Queues a message (without fds) and sends what the socket takes now, never waiting. False
    /// when the peer is not taking its messages (queue over its bound, nothing taken for
    /// <see cref="SendDeadline"/>, or the socket failed): the caller should drop the peer.
    /// </summary>
    public bool Post(Message message)
    {
        if (message.OutgoingFds.Count > 0)
        {
            throw new ArgumentException("Post carries no fds; use Send", nameof(message));
        }

        lock (_sendLock)
        {
            if (_disposed != 0 || IsStalledLocked() || _queuedBytes + message.Body.Length + 256 > MaxQueuedBytes)
            {
                return false;
            }

            try
            {
                Enqueue(message, out _);
                FlushLocked();
                return true;
            }
            catch (Exception e) when (e is LinuxException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>Moves queued bytes on without waiting; false when the peer is stalled past the deadline or the socket failed.</summary>
    public bool FlushPending()
    {
        lock (_sendLock)
        {
            if (_disposed != 0)
            {
                return false;
            }

            if (_outgoing.Count == 0)
            {
                return true;
            }

            try
            {
                FlushLocked();
            }
            catch (Exception e) when (e is LinuxException or ObjectDisposedException)
            {
                return false;
            }

            return !IsStalledLocked();
        }
    }

    private uint Enqueue(Message message, out Outgoing entry)
    {
        uint serial = ++_nextSerial;
        var bytes = message.Serialize(serial);
        message.Serial = serial;
        entry = new Outgoing(bytes, message.OutgoingFds);
        if (_outgoing.Count == 0)
        {
            Volatile.Write(ref _lastProgress, Stopwatch.GetTimestamp());
        }

        _outgoing.Enqueue(entry);
        _queuedBytes += bytes.Length;
        return serial;
    }

    /// <summary>Non-blocking sends until the queue is empty or the socket is full. Holds the lock, never waits.</summary>
    private void FlushLocked()
    {
        while (_outgoing.TryPeek(out var head))
        {
            var rest = head.Bytes.AsSpan(head.Offset);
            if (!_socket.TrySendNow(rest, head.Offset == 0 && head.Fds.Count > 0 ? head.Fds : null, out int sent))
            {
                return;
            }

            Volatile.Write(ref _lastProgress, Stopwatch.GetTimestamp());
            head.Offset += sent;
            _queuedBytes -= sent;
            if (head.Offset == head.Bytes.Length)
            {
                head.Done = true;
                _outgoing.Dequeue();
            }
        }
    }

    private bool IsStalledLocked() =>
        _outgoing.Count > 0 && SendDeadline is { } deadline && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastProgress)) > deadline;

    private void DropOutgoing()
    {
        lock (_sendLock)
        {
            _outgoing.Clear();
            _queuedBytes = 0;
        }
    }

    private sealed class Outgoing(byte[] bytes, IReadOnlyList<SafeFd> fds)
    {
        public byte[] Bytes { get; } = bytes;

        public IReadOnlyList<SafeFd> Fds { get; } = fds;

        public int Offset { get; set; }

        public bool Done { get; set; }
    }
}
