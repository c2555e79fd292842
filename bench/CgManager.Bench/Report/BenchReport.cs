using CgManager.Bench.Load;
using CgManager.Bench.Workers;

namespace CgManager.Bench.Report;

/// <summary>Daemon memory and fds at one moment.</summary>
internal sealed record ResourceSample(long RssKiB, int Fds, long Threads)
{
    public static ResourceSample Of(ProcessProbe probe) => new(probe.RssKiB(), probe.FdCount(), probe.Threads());
}

/// <summary>The no-growth run: many Ping requests (with reconnections) between two resource samples.</summary>
internal sealed record SoakResult(LoadResult Load, long TargetRequests, ResourceSample Before, ResourceSample After);

/// <summary>Everything one run measured; the checks are derived from it.</summary>
internal sealed class BenchReport
{
    public const string StockCycleKind = "libdbus-cycle";
    public const string StockPingKind = "libdbus-ping";

    public required BenchOptions Options { get; init; }
    public required string Daemon { get; init; }
    public required string Sandbox { get; init; }
    public string Kernel { get; } = ReadProc("/proc/sys/kernel/osrelease");
    public string LoadBefore { get; } = ReadProc("/proc/loadavg");
    public string LoadAfter { get; set; } = "";
    public List<LoadResult> Floor { get; } = [];
    public List<LoadResult> Cycles { get; } = [];
    public List<LoadResult> Pings { get; } = [];

    /// <summary>The same cycles and Pings through libdbus, a stock client that blocks for each reply.</summary>
    public List<LoadResult> StockCycles { get; } = [];
    public List<LoadResult> StockPings { get; } = [];
    public List<double> StartToReadyMs { get; } = [];
    public List<double> WithWrapperMs { get; } = [];
    public ResourceSample? Idle { get; set; }
    public long PeakRssKiB { get; set; }
    public long HighWaterRssKiB { get; set; }
    public ResourceSample? AfterLoad { get; set; }
    public SoakResult? Soak { get; set; }
    public List<GrowthResult> Growth { get; } = [];
    public int DaemonExitCode { get; set; } = -1;
    public double TotalSeconds { get; set; }

    public double StartToReadyMedianMs => Median(StartToReadyMs);

    public LoadResult? FloorFor(int clients) => Floor.FirstOrDefault(f => f.Clients == clients);

    public LoadResult? CycleFor(int clients) => Cycles.FirstOrDefault(f => f.Clients == clients);

    public LoadResult? PingFor(int clients) => Pings.FirstOrDefault(f => f.Clients == clients);

    public LoadResult? StockCycleFor(int clients) => StockCycles.FirstOrDefault(f => f.Clients == clients);

    public LoadResult? StockPingFor(int clients) => StockPings.FirstOrDefault(f => f.Clients == clients);

    public GrowthResult? GrowthFor(string side, int size) => Growth.FirstOrDefault(g => g.Side == side && g.Size == size);

    /// <summary>Daemon cycles/s over floor cycles/s with the same number of clients.</summary>
    public double RatioToFloor(LoadResult cycle) =>
        FloorFor(cycle.Clients) is { OpsPerSecond: > 0 } floor ? cycle.OpsPerSecond / floor.OpsPerSecond : double.NaN;

    public static string ReadProc(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "";

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
