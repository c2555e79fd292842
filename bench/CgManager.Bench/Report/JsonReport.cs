using System.Text;
using System.Text.Json;
using CgManager.Bench.Load;
using CgManager.Bench.Workers;

namespace CgManager.Bench.Report;

/// <summary>The same figures as one JSON line (written with Utf8JsonWriter: no reflection, NativeAOT-safe).</summary>
internal static class JsonReport
{
    public static string Render(BenchReport r, IReadOnlyList<Check> checks)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("benchmark", "cgmanager-bench");
            w.WriteNumber("cores", Environment.ProcessorCount);
            w.WriteString("kernel", r.Kernel);
            w.WriteString("loadavg_before", r.LoadBefore);
            w.WriteString("loadavg_after", r.LoadAfter);
            w.WriteNumber("measure_seconds", r.Options.Measure.TotalSeconds);
            w.WriteNumber("warmup_seconds", r.Options.WarmUp.TotalSeconds);
            w.WriteNumber("total_seconds", Math.Round(r.TotalSeconds, 1));
            Loads(w, "floor", r.Floor, r);
            Loads(w, "cycle", r.Cycles, r);
            Loads(w, "ping", r.Pings, r);
            foreach (var lane in r.StockLanes)
            {
                Loads(w, lane.Key + "_cycle", lane.Cycles, r);
                Loads(w, lane.Key + "_ping", lane.Pings, r);
            }

            RoundTripReport.Json(w, r);
            OneCpuReport.Json(w, r);
            w.WriteStartArray("skipped");
            foreach (string line in r.Skipped)
            {
                w.WriteStringValue(line);
            }

            w.WriteEndArray();
            Daemon(w, r);
            Growth(w, r.Growth);
            w.WriteStartArray("targets");
            foreach (var c in checks)
            {
                w.WriteStartObject();
                w.WriteString("key", c.Key);
                w.WriteString("what", c.What);
                Number(w, "measured", c.Measured);
                w.WriteString("comparison", c.Comparison);
                Number(w, "target", c.Target);
                w.WriteString("unit", c.Unit);
                w.WriteBoolean("met", c.Met);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("targets_met", checks.Count(c => c.Met));
            w.WriteNumber("targets_total", checks.Count);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Loads(Utf8JsonWriter w, string name, List<LoadResult> loads, BenchReport r)
    {
        w.WriteStartArray(name);
        foreach (var l in loads)
        {
            Load(w, l, r.IsDaemonCycle(l) ? r.RatioToFloor(l) : double.NaN);
        }

        w.WriteEndArray();
    }

    internal static void Load(Utf8JsonWriter w, LoadResult l, double ratio)
    {
        w.WriteStartObject();
        w.WriteNumber("clients", l.Clients);
        w.WriteNumber("ops", l.Ops);
        Number(w, "seconds", l.Seconds);
        Number(w, "ops_per_s", l.OpsPerSecond);
        Number(w, "ratio_to_floor", ratio);
        w.WriteNumber("errors", l.Errors);
        if (l.FirstError is not null)
        {
            w.WriteString("first_error", l.FirstError);
        }

        Number(w, "daemon_cpu_cores", l.DaemonCpu);
        Number(w, "bench_cpu_cores", l.BenchCpu);
        Number(w, "daemon_cpu_us_per_op", l.DaemonCpuUsPerOp);
        Number(w, "daemon_minor_faults_per_op", l.DaemonFaultsPerOp);
        w.WriteNumber("daemon_peak_rss_kib", l.DaemonPeakRssKiB);
        w.WriteNumber("daemon_threads", l.DaemonThreads);
        w.WriteStartObject("latency_us");
        foreach (var s in l.Steps)
        {
            w.WriteStartObject(s.Name);
            Number(w, "p50", s.P50Us);
            Number(w, "p99", s.P99Us);
            Number(w, "max", s.MaxUs);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Daemon(Utf8JsonWriter w, BenchReport r)
    {
        w.WriteStartObject("daemon");
        w.WriteString("binary", r.Daemon);
        Number(w, "start_to_ready_ms", r.StartToReadyMedianMs);
        w.WriteStartArray("start_to_ready_samples_ms");
        foreach (double ms in r.StartToReadyMs)
        {
            Number(w, null, ms);
        }

        w.WriteEndArray();
        Resources(w, "idle", r.Idle);
        w.WriteNumber("peak_rss_kib_64_clients", r.PeakRssKiB);
        w.WriteNumber("vm_hwm_kib", r.HighWaterRssKiB);
        if (r.IdleConnections is { } q)
        {
            w.WriteStartObject("quiet_connections");
            w.WriteNumber("connections", q.Connections);
            Resources(w, "served", q.Served);
            Resources(w, "quiet", q.Quiet);
            Number(w, "seconds_to_quiet", q.SecondsToQuiet);
            Number(w, "ping_waiting_thread_p50_us", q.WaitingPingP50Us);
            Number(w, "ping_parked_p50_us", q.ResumedPingP50Us);
            Number(w, "ping_parked_p99_us", q.ResumedPingP99Us);
            w.WriteEndObject();
        }

        Resources(w, "after_load", r.AfterLoad);
        if (r.Soak is { } soak)
        {
            w.WriteStartObject("soak");
            w.WriteNumber("target_requests", soak.TargetRequests);
            w.WriteNumber("requests", soak.Load.Ops);
            Number(w, "seconds", soak.Load.Seconds);
            w.WriteNumber("clients", soak.Load.Clients);
            w.WriteNumber("errors", soak.Load.Errors);
            Resources(w, "before", soak.Before);
            Resources(w, "after", soak.After);
            w.WriteEndObject();
        }

        w.WriteNumber("exit_code", r.DaemonExitCode);
        w.WriteEndObject();
    }

    private static void Resources(Utf8JsonWriter w, string name, ResourceSample? sample)
    {
        if (sample is null)
        {
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("rss_kib", sample.RssKiB);
        w.WriteNumber("fds", sample.Fds);
        w.WriteNumber("threads", sample.Threads);
        w.WriteEndObject();
    }

    private static void Growth(Utf8JsonWriter w, List<GrowthResult> growth)
    {
        w.WriteStartArray("growth");
        foreach (var g in growth)
        {
            w.WriteStartObject();
            w.WriteString("side", g.Side);
            w.WriteNumber("size", g.Size);
            foreach (var (operation, perElement) in g.Operations)
            {
                Number(w, operation + "_us_per_element", perElement);
            }

            Number(w, "seconds", g.Seconds);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>NaN and infinities are not JSON: they become null.</summary>
    internal static void Number(Utf8JsonWriter w, string? name, double value)
    {
        if (name is not null)
        {
            w.WritePropertyName(name);
        }

        if (double.IsFinite(value))
        {
            w.WriteNumberValue(Math.Round(value, 3));
        }
        else
        {
            w.WriteNullValue();
        }
    }
}
