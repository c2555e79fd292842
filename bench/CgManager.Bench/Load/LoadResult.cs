using System.Diagnostics;

namespace CgManager.Bench.Load;

/// <summary>Latency of one step (or of the whole operation), in microseconds.</summary>
internal sealed record StepStats(string Name, long Count, double P50Us, double P99Us, double MaxUs)
{
    public static StepStats From(string name, List<long> ticks)
    {
        if (ticks.Count == 0)
        {
            return new StepStats(name, 0, double.NaN, double.NaN, double.NaN);
        }

        ticks.Sort();
        return new StepStats(name, ticks.Count, ToUs(Percentile(ticks, 0.50)), ToUs(Percentile(ticks, 0.99)), ToUs(ticks[^1]));
    }

    /// <summary>Nearest rank: the smallest sample with at least q of all samples at or below it.</summary>
    private static long Percentile(List<long> sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double ToUs(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
}

/// <summary>
/// One measured configuration. CPU figures are fractions of one core over the measured period
/// (so 2.0 means both cores of a 2-core machine).
/// </summary>
internal sealed record LoadResult(
    string Name,
    string Kind,
    int Clients,
    long Ops,
    double Seconds,
    IReadOnlyList<StepStats> Steps,
    long Errors,
    string? FirstError,
    double DaemonCpu,
    double BenchCpu,
    long DaemonMinorFaults,
    long DaemonPeakRssKiB,
    long DaemonThreads)
{
    public double OpsPerSecond => Seconds > 0 ? Ops / Seconds : 0;

    /// <summary>The whole operation (the last entry when there are several steps).</summary>
    public StepStats Total => Steps[^1];

    /// <summary>The per-method entries (all but the total when there are several steps).</summary>
    public IEnumerable<StepStats> Methods => Steps.Count > 1 ? Steps.Take(Steps.Count - 1) : Steps;

    /// <summary>Daemon CPU time per operation, in microseconds.</summary>
    public double DaemonCpuUsPerOp => Ops > 0 ? DaemonCpu * Seconds * 1e6 / Ops : double.NaN;

    public double BenchCpuUsPerOp => Ops > 0 ? BenchCpu * Seconds * 1e6 / Ops : double.NaN;

    /// <summary>Minor page faults the daemon took per operation: memory it touched for the first time (or again after giving it back).</summary>
    public double DaemonFaultsPerOp => Ops > 0 ? (double)DaemonMinorFaults / Ops : double.NaN;
}
