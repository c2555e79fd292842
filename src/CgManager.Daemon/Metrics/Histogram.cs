using System.Diagnostics;

namespace CgManager.Daemon.Metrics;

/// <summary>A latency histogram with fixed buckets, updated without locks by any thread.</summary>
internal sealed class Histogram
{
    /// <summary>Upper bounds in seconds, from a fast Ping (tens of µs) to a forced Delete that waits for its tasks.</summary>
    public static readonly double[] Bounds = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly long[] _counts = new long[Bounds.Length + 1];
    private long _sumTicks;

    public void Observe(long stopwatchTicks)
    {
        double seconds = (double)stopwatchTicks / Stopwatch.Frequency;
        int bucket = 0;
        while (bucket < Bounds.Length && seconds > Bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumTicks, stopwatchTicks);
    }

    /// <summary>Cumulative counts per bound (the last is +Inf), the sum in seconds and the count.</summary>
    public (long[] Cumulative, double SumSeconds, long Count) Read()
    {
        var cumulative = new long[_counts.Length];
        long running = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            cumulative[i] = running;
        }

        return (cumulative, (double)Interlocked.Read(ref _sumTicks) / Stopwatch.Frequency, running);
    }
}
