using System.Diagnostics;
using CgManager.Linux;

namespace CgManager.DBus.Transport;

/// <summary>
/// Polling briefly before a blocking read. A blocking request/reply round trip costs two scheduler
/// wake-ups; on a virtual machine each one is an interrupt to a halted virtual CPU. Measured on
/// the 2-core VMs this project runs on: a blocking round trip over a socketpair takes ~100 µs,
/// one whose reader is still running ~5 µs, while a typical cgroup call's work is ~20-50 µs.
/// A reader that expects its peer soon polls for at most <see cref="SpinBeforeBlocking"/> and
/// then blocks as before. The cost is bounded twice: <see cref="SpinGate"/> limits how many
/// threads spin at once, and a connection whose peer was slow last time blocks at once next
/// time (until a wait is short again), so an idle or slow peer costs no polling.
/// </summary>
public sealed partial class DBusConnection
{
    /// <summary>
    /// What a client waiting for a reply polls: a cgroup call's work in the daemon takes tens of
    /// microseconds, so most replies arrive within this.
    /// </summary>
    public static readonly TimeSpan ReplySpin = TimeSpan.FromMicroseconds(150);

    /// <summary>What <see cref="ReceiveSome"/> returns when <see cref="_idleLimit"/> passed with nothing to read.</summary>
    private const int WentIdle = -1;

    private long _spinTicks;
    private bool _peerWasQuick = true;

    /// <summary>Set while a read between messages may give up (<see cref="TryReadMessage"/>).</summary>
    private TimeSpan? _idleLimit;
    private bool _wentIdle;

    /// <summary>How long a read polls for data before it blocks; zero (the default) never polls.</summary>
    public TimeSpan SpinBeforeBlocking
    {
        get => Stopwatch.GetElapsedTime(0, _spinTicks);
        set => _spinTicks = value <= TimeSpan.Zero ? 0 : (long)(value.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>
    /// One receive into <paramref name="into"/>: polled first when that is likely to pay, else
    /// blocking; <see cref="WentIdle"/> when <see cref="_idleLimit"/> passed before anything came.
    /// </summary>
    private int ReceiveSome(Span<byte> into, List<SafeFd>? fds)
    {
        if (_spinTicks == 0)
        {
            return _idleLimit is { } limit && !_socket.WaitReadable(limit) ? WentIdle : _socket.Receive(into, fds);
        }

        if (_peerWasQuick && SpinGate.TryEnter())
        {
            try
            {
                long start = Stopwatch.GetTimestamp();
                do
                {
                    if (_socket.TryReceiveNow(into, fds, out int received))
                    {
                        return received;
                    }

                    // Lets a peer that shares this processor run, instead of spinning against it.
                    Thread.Yield();
                }
                while (Stopwatch.GetTimestamp() - start < _spinTicks);
            }
            finally
            {
                SpinGate.Exit();
            }
        }

        long blockedAt = Stopwatch.GetTimestamp();
        if (_idleLimit is { } idle && !_socket.WaitReadable(idle))
        {
            return WentIdle;
        }

        int n = _socket.Receive(into, fds);
        _peerWasQuick = Stopwatch.GetTimestamp() - blockedAt <= 2 * _spinTicks;
        return n;
    }
}
