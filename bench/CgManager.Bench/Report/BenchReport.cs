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

/// <summary>One configuration of the round-trip floor.</summary>
internal sealed record RoundTripResult(RoundTrip.RoundTripMode Mode, LoadResult Load);

/// <summary>Everything one run measured; the checks are derived from it.</summary>
internal sealed class BenchReport
{
    public required BenchOptions Options { get; init; }
    public required string Daemon { get; init; }
    public required string Sandbox { get; init; }
    public string Kernel { get; } = ReadProc("/proc/sys/kernel/osrelease");
    public string LoadBefore { get; } = ReadProc("/proc/loadavg");
    public string LoadAfter { get; set; } = "";
    public List<LoadResult> Floor { get; } = [];
    public List<LoadResult> Cycles { get; } = [];
    public List<LoadResult> Pings { get; } = [];

    /// <summary>The same cycles and Pings through libdbus, a stock client that blocks for each reply (issue #17's targets).</summary>
    public StockLane Libdbus { get; } = new("libdbus", "libdbus", "libdbus-1.so.3", "libdbus-1-3");

    /// <summary>The same through sd-bus, the other stock client, which blocks in ppoll for each reply.</summary>
    public StockLane SdBus { get; } = new("sd-bus", "sdbus", Client.SdBus.Library, "libsystemd0");

    public IEnumerable<StockLane> StockLanes => [Libdbus, SdBus];

    /// <summary>One line per lane that could not run here, with the reason.</summary>
    public List<string> Skipped { get; } = [];

    /// <summary>Socketpair round trips with no D-Bus in them: what bounds Ping for a blocking client on this machine.</summary>
    public List<RoundTripResult> RoundTrips { get; } = [];

    /// <summary>libdbus at one connection with the client and the daemon on one CPU; null when skipped.</summary>
    public Placement.OneCpuResult? OneCpu { get; set; }

    public List<double> StartToReadyMs { get; } = [];
    public List<double> WithWrapperMs { get; } = [];
    public ResourceSample? Idle { get; set; }
    public long PeakRssKiB { get; set; }
    public long HighWaterRssKiB { get; set; }
    public ResourceSample? AfterLoad { get; set; }
    public SoakResult? Soak { get; set; }
    public List<GrowthResult> Growth { get; } = [];

    /// <summary>Quiet connections: threads and RSS before and after the daemon parks them; null when not run.</summary>
    public IdleConnectionsResult? IdleConnections { get; set; }
    public int DaemonExitCode { get; set; } = -1;
    public double TotalSeconds { get; set; }

    public double StartToReadyMedianMs => Median(StartToReadyMs);

    public LoadResult? FloorFor(int clients) => Floor.FirstOrDefault(f => f.Clients == clients);

    public LoadResult? CycleFor(int clients) => Cycles.FirstOrDefault(f => f.Clients == clients);

    public LoadResult? PingFor(int clients) => Pings.FirstOrDefault(f => f.Clients == clients);

    /// <summary>A cycle through the daemon, by our own client or a stock one (one that has a floor to compare with).</summary>
    public bool IsDaemonCycle(LoadResult load) => load.Kind == "cycle" || StockLanes.Any(s => s.CycleKind == load.Kind);

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
