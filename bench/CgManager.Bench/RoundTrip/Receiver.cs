using System.Diagnostics;
using CgManager.Linux.Sockets;

namespace CgManager.Bench.RoundTrip;

/// <summary>
/// One side of a pair taking a whole message off a stream socket, waiting as <see cref="Waiting"/> says.
/// SpinThenBlock copies DBusConnection.ReceiveSome: a side whose last blocking wait was long
/// (over twice the spin) blocks at once next time, so a slow peer costs no polling.
/// </summary>
internal sealed class Receiver(UnixSocket socket, Waiting waiting)
{
    private static readonly long SpinTicks = (long)(TimeSpan.FromMicroseconds(50).TotalSeconds * Stopwatch.Frequency);

    private bool _peerWasQuick = true;

    /// <summary>Fills <paramref name="message"/>; false when the peer closed its end first.</summary>
    public bool ReceiveAll(Span<byte> message)
    {
        for (int got = 0; got < message.Length;)
        {
            int n = ReceiveSome(message[got..]);
            if (n == 0)
            {
                return false;
            }

            got += n;
        }

        return true;
    }

    private int ReceiveSome(Span<byte> into)
    {
        switch (waiting)
        {
            case Waiting.Poll:
                PollIn.Wait(socket.Fd);
                return socket.TryReceiveNow(into, null, out int ready) ? ready : ReceiveSome(into);
            case Waiting.Spin:
                return Spin(into, long.MaxValue) ?? 0;
            case Waiting.SpinThenBlock when _peerWasQuick && Spin(into, SpinTicks) is { } quick:
                return quick;
            case Waiting.SpinThenBlock:
                long blockedAt = Stopwatch.GetTimestamp();
                int n = socket.Receive(into, null, out _);
                _peerWasQuick = Stopwatch.GetTimestamp() - blockedAt <= 2 * SpinTicks;
                return n;
            default:
                return socket.Receive(into, null, out _);
        }
    }

    /// <summary>Polls with MSG_DONTWAIT, yielding the processor after each miss; null when <paramref name="ticks"/> passed first.</summary>
    private int? Spin(Span<byte> into, long ticks)
    {
        long start = Stopwatch.GetTimestamp();
        do
        {
            if (socket.TryReceiveNow(into, null, out int received))
            {
                return received;
            }

            Thread.Yield(); // sched_yield, as the daemon does
        }
        while (Stopwatch.GetTimestamp() - start < ticks);

        return null;
    }
}
