using System.Diagnostics;
using CgManager.Bench.Client;

namespace CgManager.Bench.Workers;

/// <summary>Ping round trips on one connection; for the soak, a fresh connection every <c>reconnectEvery</c> calls.</summary>
internal sealed class PingWorker : Load.ILoadWorker
{
    public static readonly string[] Steps = ["Ping"];

    private readonly string _socketPath;
    private readonly long _reconnectEvery;
    private BenchClient _client;
    private long _calls;

    public PingWorker(string socketPath, long reconnectEvery = long.MaxValue)
    {
        _socketPath = socketPath;
        _reconnectEvery = reconnectEvery;
        _client = BenchClient.Connect(socketPath);
    }

    public void RunOnce(Span<long> steps)
    {
        if (++_calls % _reconnectEvery == 0)
        {
            _client.Dispose();
            _client = BenchClient.Connect(_socketPath);
        }

        long t = Stopwatch.GetTimestamp();
        _client.Ping();
        FloorCycleWorker.Lap(steps, 0, t);
    }

    public void Recover()
    {
        _client.Dispose();
        _client = BenchClient.Connect(_socketPath);
    }

    public void Dispose() => _client.Dispose();
}
