using System.Diagnostics;
using CgManager.Bench.Client;

namespace CgManager.Bench.Workers;

/// <summary>Ping round trips on one connection; for the soak, a fresh connection every <c>reconnectEvery</c> calls.</summary>
internal sealed class PingWorker : Load.ILoadWorker
{
    public static readonly string[] Steps = ["Ping"];

    private readonly Func<ICycleClient> _connect;
    private readonly long _reconnectEvery;
    private ICycleClient _client;
    private long _calls;

    public PingWorker(Func<ICycleClient> connect, long reconnectEvery = long.MaxValue)
    {
        _connect = connect;
        _reconnectEvery = reconnectEvery;
        _client = connect();
    }

    public void RunOnce(Span<long> steps)
    {
        if (++_calls % _reconnectEvery == 0)
        {
            _client.Dispose();
            _client = _connect();
        }

        long t = Stopwatch.GetTimestamp();
        _client.Ping();
        FloorCycleWorker.Lap(steps, 0, t);
    }

    public void Recover()
    {
        _client.Dispose();
        _client = _connect();
    }

    public void Dispose() => _client.Dispose();
}
