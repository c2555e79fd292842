namespace CgManager.Bench.Load;

/// <summary>One client of a load, driven by one thread. It owns its connection, cgroup names and task.</summary>
internal interface ILoadWorker : IDisposable
{
    /// <summary>One operation (a cycle, a Ping); writes each step's duration, in Stopwatch ticks, to <paramref name="stepTicks"/>.</summary>
    void RunOnce(Span<long> stepTicks);

    /// <summary>After a failed operation: put things back (task home, cgroup removed) so the next one can run.</summary>
    void Recover();
}

/// <summary>What to run: <see cref="Clients"/> workers for a warm-up, then a measured period or a request count.</summary>
internal sealed record LoadSpec(
    string Name,
    string Kind,
    int Clients,
    IReadOnlyList<string> Steps,
    Func<int, ILoadWorker> CreateWorker,
    TimeSpan WarmUp,
    TimeSpan Measure,
    long MaxOpsPerClient = long.MaxValue);
