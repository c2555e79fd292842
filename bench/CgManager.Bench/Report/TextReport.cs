using System.Globalization;
using System.Text;
using CgManager.Bench.Load;

namespace CgManager.Bench.Report;

/// <summary>The human table: each figure with its target and whether it is met, then all targets.</summary>
internal static class TextReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(BenchReport r, IReadOnlyList<Check> checks)
    {
        var t = new StringBuilder();
        var byKey = checks.ToDictionary(c => c.Key);
        string Verdict(string key) => byKey.TryGetValue(key, out var c) ? $"{c.TargetText}: {c.Verdict}" : "";

        t.AppendLine(Inv, $"cgmanager-bench  {Environment.ProcessorCount} cores, Linux {r.Kernel}, daemon {r.Daemon}");
        t.AppendLine(Inv, $"loadavg before {r.LoadBefore}; after {r.LoadAfter} (other work on the machine skews every figure, the floor included)");
        t.AppendLine(Inv, $"sandbox {r.Sandbox}; {r.Options.Measure.TotalSeconds:0.0} s measured per configuration after {r.Options.WarmUp.TotalSeconds:0.0} s warm-up; run took {r.TotalSeconds:0} s");
        t.AppendLine();
        t.AppendLine("THROUGHPUT  cycle = Create, SetValue, GetValue, MovePid, MovePid back, Remove (memory controller)");
        t.AppendLine("  p50/p99 of the whole cycle (or Ping) in us; CPU in cores (2.00 = both cores of a 2-core machine);");
        t.AppendLine("  us/op and faults/op: daemon CPU time and minor page faults per cycle (or Ping)");
        Row(t, "", "clients", "ops/s", "vs floor", "p50", "p99", "daemon CPU", "bench CPU", "us/op", "faults/op", "errors", "target");
        foreach (var l in r.Floor)
        {
            Throughput(t, r, "floor (cgroupfs)", l, "");
        }

        foreach (var l in r.Cycles)
        {
            string target = l.Clients switch
            {
                1 => Verdict("cycle.1"),
                4 => $"{Verdict("cycle.4")}; vs floor {Verdict("cycle.4.floor")}",
                _ => "",
            };
            Throughput(t, r, "cgmanager cycle", l, target);
        }

        foreach (var l in r.Pings)
        {
            Throughput(t, r, "cgmanager Ping", l, l.Clients == 4 ? Verdict("ping.4") : "");
        }

        foreach (var l in r.Libdbus.Cycles)
        {
            Throughput(t, r, "libdbus cycle", l, l.Clients switch
            {
                1 => $"vs floor {Verdict("stock.cycle.1.floor")}",
                4 => $"vs floor {Verdict("stock.cycle.4.floor")}",
                _ => "",
            });
        }

        foreach (var l in r.Libdbus.Pings)
        {
            Throughput(t, r, "libdbus Ping", l, Verdict($"stock.ping.{l.Clients}"));
        }

        foreach (var l in r.SdBus.Cycles)
        {
            Throughput(t, r, "sd-bus cycle", l, "");
        }

        foreach (var l in r.SdBus.Pings)
        {
            Throughput(t, r, "sd-bus Ping", l, "");
        }

        foreach (string skipped in r.Skipped)
        {
            t.AppendLine(Inv, $"  skipped: {skipped}");
        }

        t.AppendLine();
        t.AppendLine("LATENCY PER METHOD  p50 / p99 in microseconds");
        var methods = r.Cycles.FirstOrDefault()?.Methods.Select(m => m.Name).ToList() ?? [];
        Row(t, ["", "clients", .. methods, "target (p99, slowest method)"], 16);
        foreach (var l in r.Floor.Concat(r.Cycles).Concat(r.StockLanes.SelectMany(s => s.Cycles)))
        {
            string prefix = l.Kind == "cycle" ? "p99" : l.Kind == r.Libdbus.CycleKind ? "stock.p99" : "";
            string target = prefix.Length > 0 && l.Clients is 4 or 64 ? Verdict($"{prefix}.{l.Clients}") : "";
            string label = l.Kind switch { "floor" => "floor (cgroupfs)", "cycle" => "cgmanager", _ => r.StockLanes.First(s => s.CycleKind == l.Kind).Label };
            Row(t, [label, Num(l.Clients), .. l.Methods.Select(m => $"{Us(m.P50Us)} / {Us(m.P99Us)}"), target], 16);
        }

        if (r.Floor.Count > 0)
        {
            t.AppendLine(Inv, $"  floor steps: {string.Join(", ", r.Floor[0].Methods.Select(m => m.Name))}");
        }

        t.AppendLine();
        RoundTripReport.Text(t, r);
        t.AppendLine();
        if (r.OneCpu is not null)
        {
            OneCpuReport.Text(t, r);
            t.AppendLine();
        }

        Daemon(t, r, Verdict);
        t.AppendLine();
        Growth(t, r, Verdict);
        t.AppendLine();
        t.AppendLine(Inv, $"TARGETS  {checks.Count(c => c.Met)} of {checks.Count} met");
        foreach (var c in checks)
        {
            t.AppendLine(Inv, $"  {c.What,-44} {c.MeasuredText,14}   {c.TargetText,-16} {c.Verdict}");
        }

        return t.ToString();
    }

    private static void Throughput(StringBuilder t, BenchReport r, string label, LoadResult l, string target)
    {
        string ratio = r.IsDaemonCycle(l) ? r.RatioToFloor(l).ToString("0.00", Inv) : l.Kind == "floor" ? "1.00" : "-";
        bool daemon = l.Kind != "floor";
        Row(t, label, Num(l.Clients), Num(l.OpsPerSecond), ratio, Us(l.Total.P50Us), Us(l.Total.P99Us),
            daemon ? l.DaemonCpu.ToString("0.00", Inv) : "-", l.BenchCpu.ToString("0.00", Inv),
            daemon ? Us(l.DaemonCpuUsPerOp) : "-", daemon ? l.DaemonFaultsPerOp.ToString("0.0", Inv) : "-", Num(l.Errors), target);
        if (l.FirstError is { } error)
        {
            t.AppendLine(Inv, $"    first error: {error}");
        }
    }

    private static void Daemon(StringBuilder t, BenchReport r, Func<string, string> verdict)
    {
        t.AppendLine("DAEMON");
        var starts = r.StartToReadyMs;
        if (starts.Count > 0)
        {
            t.AppendLine(Inv, $"  start-to-ready      {r.StartToReadyMedianMs,8:0.0} ms   median of {starts.Count} (min {starts.Min():0.0}, max {starts.Max():0.0}); exec to first Ping answered   {verdict("start")}");
            t.AppendLine(Inv, $"                      {r.WithWrapperMs.Order().ElementAt(r.WithWrapperMs.Count / 2),8:0.0} ms   the same through cgsandbox run --ns (bash, unshare, remounts: not the daemon's)");
        }

        if (r.Idle is { } idle)
        {
            t.AppendLine(Inv, $"  idle                {MiB(idle.RssKiB)} RSS, {idle.Fds} fds, {idle.Threads} threads   {verdict("rss.idle")}");
        }

        t.AppendLine(Inv, $"  peak, 64 clients    {MiB(r.PeakRssKiB)} RSS (sampled every 50 ms; VmHWM {MiB(r.HighWaterRssKiB)}), {r.CycleFor(64)?.DaemonThreads ?? 0} threads");
        if (r.IdleConnections is { } q)
        {
            t.AppendLine(Inv, $"  {q.Connections} quiet connections just served: {q.Served.Threads} threads, {MiB(q.Served.RssKiB)} RSS; quiet after {q.SecondsToQuiet:0.0} s: {q.Quiet.Threads} threads, {MiB(q.Quiet.RssKiB)} RSS");
            t.AppendLine(Inv, $"                      Ping on a connection whose thread waits: p50 {q.WaitingPingP50Us:N0} us; on a parked one (a new thread): p50 {q.ResumedPingP50Us:N0} us, p99 {q.ResumedPingP99Us:N0} us");
        }

        if (r.AfterLoad is { } after)
        {
            t.AppendLine(Inv, $"  after the load      {MiB(after.RssKiB)} RSS, {after.Fds} fds, {after.Threads} threads   RSS {verdict("rss.after")}; fds {verdict("fds.after")}");
        }

        if (r.Soak is { } soak)
        {
            var l = soak.Load;
            t.AppendLine(Inv, $"  soak                {Num(l.Ops)} Ping in {l.Seconds:0.0} s ({Num(l.OpsPerSecond)}/s, {l.Clients} clients, a new connection every {InnerRun.SoakReconnectEvery:N0} calls)   {verdict("soak.requests")}");
            t.AppendLine(Inv, $"                      before {MiB(soak.Before.RssKiB)} RSS, {soak.Before.Fds} fds; after {MiB(soak.After.RssKiB)} RSS, {soak.After.Fds} fds   RSS {verdict("soak.rss")}; fds {verdict("soak.fds")}");
        }

        t.AppendLine(Inv, $"  exit on SIGTERM     {r.DaemonExitCode}");
    }

    private static void Growth(StringBuilder t, BenchReport r, Func<string, string> verdict)
    {
        t.AppendLine("GROWTH  cost per element (cgroups in the subtree), microseconds; linear = same per-element cost at 1k and 10k");
        Row(t, ["", "1k", "10k", "10k/1k", "target", "cgroupfs 1k", "cgroupfs 10k", "10k/1k"], 14);
        var small = r.GrowthFor("daemon", 1_000);
        var big = r.GrowthFor("daemon", 10_000);
        var floorSmall = r.GrowthFor("cgroupfs", 1_000);
        var floorBig = r.GrowthFor("cgroupfs", 10_000);
        foreach (var (operation, perElement) in small?.Operations ?? [])
        {
            double Pick(Workers.GrowthResult? g) => g?.Operations.First(o => o.Operation == operation).PerElementUs ?? double.NaN;
            Row(t, [operation, Us(perElement), Us(Pick(big)), Checks.GrowthRatio(r, "daemon", operation).ToString("0.00", Inv),
                verdict($"growth.{operation}"), Us(Pick(floorSmall)), Us(Pick(floorBig)), Checks.GrowthRatio(r, "cgroupfs", operation).ToString("0.00", Inv)], 14);
        }

        t.AppendLine("  cgroupfs columns: mkdir, readdir, read every cgroup.procs, rmdir of each child and the root");
    }

    internal static void Row(StringBuilder t, params string[] cells) => Row(t, cells, 12);

    private static void Row(StringBuilder t, string[] cells, int width)
    {
        t.Append("  ").Append(cells[0].PadRight(20));
        for (int i = 1; i < cells.Length; i++)
        {
            bool last = i == cells.Length - 1;
            t.Append(' ').Append(last ? cells[i] : cells[i].PadLeft(i == 1 ? 7 : width));
        }

        t.AppendLine();
    }

    internal static string Num(double value) => double.IsNaN(value) ? "-" : value.ToString("N0", Inv);

    internal static string Us(double value) => double.IsNaN(value) ? "-" : value.ToString(value < 100 ? "0.0" : "N0", Inv);

    private static string MiB(long kib) => kib < 0 ? "-" : (kib / 1024.0).ToString("0.0", Inv) + " MiB";
}
