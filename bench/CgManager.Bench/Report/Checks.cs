using System.Globalization;
using CgManager.Bench.Load;

namespace CgManager.Bench.Report;

/// <summary>One target of issue #8 against what this run measured. NaN (not measured) is not met.</summary>
internal sealed record Check(string Key, string What, double Measured, string Unit, string Comparison, double Target)
{
    public bool Met => !double.IsNaN(Measured) && Comparison switch
    {
        ">=" => Measured >= Target,
        "<=" => Measured <= Target,
        _ => Measured == Target,
    };

    public string MeasuredText => Format(Measured);

    public string TargetText => $"{Comparison} {Format(Target)}";

    public string Verdict => double.IsNaN(Measured) ? "NOT MEASURED" : Met ? "met" : "NOT MET";

    private string Format(double value) => double.IsNaN(value) ? "-" : Unit switch
    {
        "/s" => value.ToString("N0", CultureInfo.InvariantCulture) + "/s",
        "us" => value.ToString(value < 100 ? "0.0" : "N0", CultureInfo.InvariantCulture) + " us",
        "ms" => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms",
        "MiB" => value.ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        "x" => value.ToString("0.00", CultureInfo.InvariantCulture) + "x",
        _ => value.ToString("N0", CultureInfo.InvariantCulture) + (Unit.Length > 0 ? " " + Unit : ""),
    };
}

/// <summary>
/// The targets of issue #8, as this benchmark judges them:
/// cycles/s with 1 and 4 clients (and 4 clients against the floor of the same run), p99 of every
/// method with 4 and 64 clients, Ping/s with 4 clients, start-to-ready (median of the timed starts),
/// idle RSS, RSS and fds back to idle after the load ("back" = within 10% of idle RSS, same fd
/// count), no growth across the soak (RSS within 10% of before it, same fds, all requests done),
/// per-element cost at 10k within 1.5x of 1k, and no failed call anywhere.
/// </summary>
internal static class Checks
{
    public const double MiB = 1024;
    public const double BackToIdleTolerance = 1.10;

    public static List<Check> Evaluate(BenchReport r)
    {
        var checks = new List<Check>
        {
            new("cycle.1", "cycles/s, 1 client", Rate(r.CycleFor(1)), "/s", ">=", 4_000),
            new("cycle.4", "cycles/s, 4 clients", Rate(r.CycleFor(4)), "/s", ">=", 6_000),
            new("cycle.4.floor", "cycles/s, 4 clients, vs floor", r.CycleFor(4) is { } c4 ? r.RatioToFloor(c4) : double.NaN, "x", ">=", 0.6),
            new("p99.4", "p99 of the slowest method, 4 clients", WorstP99(r.CycleFor(4)), "us", "<=", 1_000),
            new("p99.64", "p99 of the slowest method, 64 clients", WorstP99(r.CycleFor(64)), "us", "<=", 5_000),
            new("ping.4", "Ping/s, 4 clients", Rate(r.PingFor(4)), "/s", ">=", 40_000),
            new("start", "start-to-ready (median)", r.StartToReadyMedianMs, "ms", "<=", 30),
            new("rss.idle", "idle RSS", Kib(r.Idle?.RssKiB), "MiB", "<=", 15),
            new("rss.after", "RSS after the load (idle +10%)", Kib(r.AfterLoad?.RssKiB), "MiB", "<=", Kib(r.Idle?.RssKiB) * BackToIdleTolerance),
            new("fds.after", "fds after the load (= idle)", r.AfterLoad?.Fds ?? double.NaN, "", "==", r.Idle?.Fds ?? double.NaN),
            new("soak.requests", "soak requests done", r.Soak?.Load.Ops ?? double.NaN, "", ">=", r.Soak?.TargetRequests ?? double.NaN),
            new("soak.rss", "RSS after the soak (before +10%)", Kib(r.Soak?.After.RssKiB), "MiB", "<=", Kib(r.Soak?.Before.RssKiB) * BackToIdleTolerance),
            new("soak.fds", "fds after the soak (= before)", r.Soak?.After.Fds ?? double.NaN, "", "==", r.Soak?.Before.Fds ?? double.NaN),
        };
        foreach (var (operation, _) in r.GrowthFor("daemon", 1_000)?.Operations ?? [])
        {
            checks.Add(new($"growth.{operation}", $"{operation} per element, 10k vs 1k", GrowthRatio(r, "daemon", operation), "x", "<=", 1.5));
        }

        checks.AddRange(StockTargets(r));
        long errors = r.Cycles.Concat(r.Pings).Concat(r.StockLanes.SelectMany(s => s.Cycles.Concat(s.Pings))).Sum(l => l.Errors) + (r.Soak?.Load.Errors ?? 0);
        checks.Add(new("errors", "failed daemon calls", errors, "", "==", 0));
        return checks;
    }

    /// <summary>
    /// Issue #17's targets, judged on the libdbus lane: cycles against the floor of the same run, Ping/s,
    /// and each method's p99 against the p99 of the floor's own step for that method (+1 ms at 4 clients).
    /// </summary>
    private static IEnumerable<Check> StockTargets(BenchReport r)
    {
        double Ratio(int clients) => r.Libdbus.CycleFor(clients) is { } c ? r.RatioToFloor(c) : double.NaN;
        yield return new("stock.cycle.1.floor", "libdbus cycles/s, 1 client, vs floor", Ratio(1), "x", ">=", 0.36);
        yield return new("stock.cycle.4.floor", "libdbus cycles/s, 4 clients, vs floor", Ratio(4), "x", ">=", 0.6);
        yield return new("stock.ping.1", "libdbus Ping/s, 1 client", Rate(r.Libdbus.PingFor(1)), "/s", ">=", 60_000);
        yield return new("stock.ping.4", "libdbus Ping/s, 4 clients", Rate(r.Libdbus.PingFor(4)), "/s", ">=", 120_000);
        yield return new("stock.p99.4", "libdbus p99 over floor's, worst method, 4 cl.", WorstP99Excess(r, 4), "us", "<=", 1_000);
        yield return new("stock.p99.64", "libdbus p99 over floor's, worst method, 64 cl.", WorstP99Excess(r, 64), "us", "<=", 0);
    }

    /// <summary>The largest (libdbus p99 − floor p99) over the cycle's steps, matched by position.</summary>
    public static double WorstP99Excess(BenchReport r, int clients)
    {
        if (r.Libdbus.CycleFor(clients) is not { Ops: > 0 } stock || r.FloorFor(clients) is not { Ops: > 0 } floor)
        {
            return double.NaN;
        }

        return stock.Methods.Zip(floor.Methods, (s, f) => s.P99Us - f.P99Us).Max();
    }

    public static double GrowthRatio(BenchReport r, string side, string operation)
    {
        double small = r.GrowthFor(side, 1_000)?.Operations.First(o => o.Operation == operation).PerElementUs ?? double.NaN;
        double big = r.GrowthFor(side, 10_000)?.Operations.First(o => o.Operation == operation).PerElementUs ?? double.NaN;
        return big / small;
    }

    private static double Rate(LoadResult? load) => load is null || load.Errors > 0 && load.Ops == 0 ? double.NaN : load.OpsPerSecond;

    private static double WorstP99(LoadResult? load) => load is null || load.Ops == 0 ? double.NaN : load.Methods.Max(m => m.P99Us);

    private static double Kib(long? kib) => kib is { } k and >= 0 ? k / MiB : double.NaN;
}
