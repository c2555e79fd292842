using System.Diagnostics;
using CgManager.Bench.Load;
using CgManager.Bench.Workers;
using CgManager.Linux.Sockets;

namespace CgManager.Bench.RoundTrip;

/// <summary>
/// One pair of the round-trip floor: a socketpair (SOCK_STREAM), a "server" thread that answers each
/// 40-byte call (a Ping call's size) with 24 bytes (a Ping reply's), and the load's client thread, which
/// sends a call and waits for the reply. Both threads live in the bench's process: the round trip is
/// the kernel's and the scheduler's, with no codec or library in it.
/// </summary>
internal sealed class RoundTripPair : ILoadWorker
{
    public const int CallBytes = 40;
    public const int ReplyBytes = 24;
    public static readonly string[] Steps = ["round trip"];

    private readonly UnixSocket _client;
    private readonly UnixSocket _server;
    private readonly Receiver _replies;
    private readonly Thread _serving;
    private readonly byte[] _call = new byte[CallBytes];
    private readonly byte[] _reply = new byte[ReplyBytes];

    public RoundTripPair(RoundTripMode mode, int index)
    {
        (_client, _server) = UnixSocket.CreatePair(UnixSocket.Stream);
        _replies = new Receiver(_client, mode.Client);
        var calls = new Receiver(_server, mode.Server);
        _serving = new Thread(() => Serve(calls)) { IsBackground = true, Name = $"{mode.Kind}-server#{index}" };
        _serving.Start();
    }

    public void RunOnce(Span<long> steps)
    {
        long t = Stopwatch.GetTimestamp();
        _client.SendAll(_call);
        if (!_replies.ReceiveAll(_reply))
        {
            throw new BenchException("round trip: the server side closed");
        }

        FloorCycleWorker.Lap(steps, 0, t);
    }

    public void Recover()
    {
    }

    /// <summary>Closing our end ends the server's loop (it reads end of stream).</summary>
    public void Dispose()
    {
        _client.Shutdown();
        _serving.Join();
        _client.Dispose();
        _server.Dispose();
    }

    private void Serve(Receiver calls)
    {
        var call = new byte[CallBytes];
        var reply = new byte[ReplyBytes];
        try
        {
            while (calls.ReceiveAll(call))
            {
                _server.SendAll(reply);
            }
        }
        catch (Exception e) when (e is IOException or CgManager.Linux.LinuxException)
        {
            // the client's next receive reports it: the server side closed
        }
        finally
        {
            _server.Shutdown();
        }
    }
}
