using System.Diagnostics;
using CgManager.Bench.Client;
using CgManager.Linux;

namespace CgManager.Bench.Load;

/// <summary>
/// Runs a <see cref="LoadSpec"/>: one thread per client, a warm-up whose operations are not
/// recorded, then a measured period. An operation counts when it completes inside the period.
/// Every loop is bounded in time (and, for a soak, in count).
/// </summary>
internal sealed class LoadRunner
{
    private const int Warm = 0;
    private const int Measuring = 1;
    private const int Stopping = 2;

    /// <summary>A client that keeps failing stops, so a broken daemon cannot spin the run.</summary>
    private const int MaxErrorsPerClient = 50;

    private static readonly TimeSpan SamplePeriod = TimeSpan.FromMilliseconds(50);

    private readonly LoadSpec _spec;
    private readonly ProcessProbe? _daemon;
    private readonly CancellationToken _cancel;
    private int _phase = Warm;

    private LoadRunner(LoadSpec spec, ProcessProbe? daemon, CancellationToken cancel)
    {
        _spec = spec;
        _daemon = daemon;
        _cancel = cancel;
    }

    public static LoadResult Run(LoadSpec spec, ProcessProbe? daemon, CancellationToken cancel) =>
        new LoadRunner(spec, daemon, cancel).Run();

    private LoadResult Run()
    {
        var workers = new List<ILoadWorker>(_spec.Clients);
        try
        {
            for (int i = 0; i < _spec.Clients; i++)
            {
                workers.Add(_spec.CreateWorker(i));
            }

            return Drive(workers);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    private LoadResult Drive(List<ILoadWorker> workers)
    {
        var clients = new ClientState[workers.Count];
        using var done = new CountdownEvent(workers.Count);
        var threads = new Thread[workers.Count];
        for (int i = 0; i < workers.Count; i++)
        {
            var state = clients[i] = new ClientState(workers[i], new SampleSet(_spec.Steps.Count));
            threads[i] = new Thread(() =>
            {
                try
                {
                    Loop(state);
                }
                finally
                {
                    state.EndTimestamp = Stopwatch.GetTimestamp();
                    done.Signal();
                }
            })
            { IsBackground = true, Name = $"{_spec.Name}#{i}" };
            threads[i].Start();
        }

        WaitFor(_spec.WarmUp, done);
        long peakRss = 0;
        var daemon0 = _daemon?.Stat() ?? default;
        var bench0 = ProcessProbe.Self.Stat();
        long t0 = Stopwatch.GetTimestamp();
        Volatile.Write(ref _phase, Measuring);
        while (Stopwatch.GetElapsedTime(t0) < _spec.Measure && !done.IsSet && !_cancel.IsCancellationRequested)
        {
            done.Wait(SamplePeriod);
            peakRss = Math.Max(peakRss, _daemon?.RssKiB() ?? 0);
        }

        Volatile.Write(ref _phase, Stopping);
        long t1 = done.IsSet ? clients.Max(c => c.EndTimestamp) : Stopwatch.GetTimestamp();
        var daemon1 = _daemon?.Stat() ?? default;
        var bench1 = ProcessProbe.Self.Stat();
        long threadCount = _daemon?.Threads() ?? 0;
        foreach (var thread in threads)
        {
            thread.Join();
        }

        double seconds = Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
        return new LoadResult(
            _spec.Name,
            _spec.Kind,
            _spec.Clients,
            clients.Sum(c => (long)c.Samples.Count),
            seconds,
            Merge(clients),
            clients.Sum(c => c.Errors),
            clients.Select(c => c.FirstError).FirstOrDefault(e => e is not null),
            (daemon1.CpuSeconds - daemon0.CpuSeconds) / seconds,
            (bench1.CpuSeconds - bench0.CpuSeconds) / seconds,
            daemon1.MinorFaults - daemon0.MinorFaults,
            peakRss,
            threadCount);
    }

    private void Loop(ClientState state)
    {
        Span<long> steps = stackalloc long[_spec.Steps.Count];
        while (Volatile.Read(ref _phase) != Stopping && !_cancel.IsCancellationRequested)
        {
            try
            {
                state.Worker.RunOnce(steps);
            }
            catch (Exception e) when (e is CallFailedException or IOException or LinuxException or TimeoutException or BenchException)
            {
                state.FirstError ??= e.Message;
                if (++state.Errors >= MaxErrorsPerClient)
                {
                    return;
                }

                Recover(state);
                continue;
            }

            if (Volatile.Read(ref _phase) == Measuring)
            {
                state.Samples.Add(steps);
                if (state.Samples.Count >= _spec.MaxOpsPerClient)
                {
                    return;
                }
            }
        }
    }

    private static void Recover(ClientState state)
    {
        try
        {
            state.Worker.Recover();
        }
        catch (Exception e) when (e is CallFailedException or IOException or LinuxException or TimeoutException or BenchException)
        {
            state.FirstError ??= "recovery: " + e.Message;
        }
    }

    private void WaitFor(TimeSpan period, CountdownEvent done)
    {
        if (period <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            done.Wait(period, _cancel);
        }
        catch (OperationCanceledException)
        {
            // the caller sees the cancellation and stops
        }
    }

    private List<StepStats> Merge(ClientState[] clients)
    {
        var names = _spec.Steps.Count > 1 ? [.. _spec.Steps, "cycle"] : _spec.Steps.ToList();
        var result = new List<StepStats>(names.Count);
        for (int column = 0; column < names.Count; column++)
        {
            var all = new List<long>(clients.Sum(c => c.Samples.Count));
            foreach (var client in clients)
            {
                foreach (long ticks in client.Samples.Column(column))
                {
                    all.Add(ticks);
                }
            }

            result.Add(StepStats.From(names[column], all));
        }

        return result;
    }

    private sealed class ClientState(ILoadWorker worker, SampleSet samples)
    {
        public ILoadWorker Worker { get; } = worker;
        public SampleSet Samples { get; } = samples;
        public long Errors { get; set; }
        public string? FirstError { get; set; }
        public long EndTimestamp { get; set; }
    }
}
