using System.Diagnostics;

namespace CgManager.Daemon.Metrics;

/// <summary>The daemon's own metrics, prefixed cgmanager_ (and the standard process_ ones), as one exposition.</summary>
internal sealed class DaemonMetrics
{
    private static readonly DateTimeOffset Started = DateTimeOffset.UtcNow;

    public RequestMetrics Requests { get; } = new();

    /// <summary>Open client connections (the server's count), once a server exists.</summary>
    public Func<int>? Connections { get; set; }

    /// <summary>Event signals delivered to watchers, and watchers dropped for not taking theirs, once the daemon serves events.</summary>
    public Func<(long Delivered, long DroppedSubscribers)>? Events { get; set; }

    /// <summary>Writes the per-cgroup usage families (cAdvisor's names), when the daemon serves cgroups (not the proxy).</summary>
    public Action<MetricsText>? Cgroups { get; set; }

    public string Render()
    {
        var text = new MetricsText();
        text.Family("cgmanager_requests_total", "counter", "Method calls handled, by interface, method and outcome (ok, or the refusal's reason).");
        foreach (var (key, count) in Requests.Requests.OrderBy(p => p.Key))
        {
            text.Sample("cgmanager_requests_total", Interlocked.Read(ref count.Value),
                ("interface", key.Interface), ("method", key.Method), ("outcome", key.Outcome));
        }

        text.Family("cgmanager_refusals_total", "counter", "Method calls refused, by reason.");
        foreach (var (reason, count) in Requests.Refusals.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Sample("cgmanager_refusals_total", Interlocked.Read(ref count.Value), ("reason", reason));
        }

        text.Family("cgmanager_request_duration_seconds", "histogram", "Time from a call's arrival to its reply, by interface and method.");
        foreach (var (key, histogram) in Requests.Latency.OrderBy(p => p.Key))
        {
            var (cumulative, sum, count) = histogram.Read();
            for (int i = 0; i < cumulative.Length; i++)
            {
                string le = i < Histogram.Bounds.Length ? MetricsText.Format(Histogram.Bounds[i]) : "+Inf";
                text.Sample("cgmanager_request_duration_seconds_bucket", cumulative[i], ("interface", key.Interface), ("method", key.Method), ("le", le));
            }

            text.Sample("cgmanager_request_duration_seconds_sum", sum, ("interface", key.Interface), ("method", key.Method));
            text.Sample("cgmanager_request_duration_seconds_count", count, ("interface", key.Interface), ("method", key.Method));
        }

        text.Family("cgmanager_connections", "gauge", "Client connections open now.");
        text.Sample("cgmanager_connections", Connections?.Invoke() ?? 0);
        text.Family("cgmanager_scm_exchanges_in_flight", "gauge", "Scm side-channel exchanges waiting for their credentials or sending their result.");
        text.Sample("cgmanager_scm_exchanges_in_flight", Scm.ScmSideChannel.Pending);
        text.Family("cgmanager_scm_exchanges_total", "counter", "Scm exchanges ended, by outcome (answered, refused, dropped: no credential before the deadline).");
        text.Sample("cgmanager_scm_exchanges_total", ScmOutcomes.Answered, ("outcome", "answered"));
        text.Sample("cgmanager_scm_exchanges_total", ScmOutcomes.Refused, ("outcome", "refused"));
        text.Sample("cgmanager_scm_exchanges_total", ScmOutcomes.Dropped, ("outcome", "dropped"));

        var (delivered, dropped) = Events?.Invoke() ?? (0, 0);
        text.Family("cgmanager_events_delivered_total", "counter", "Event signals (Watch and WatchPressure) posted to the connections that asked.");
        text.Sample("cgmanager_events_delivered_total", delivered);
        text.Family("cgmanager_event_subscribers_dropped_total", "counter", "Watching connections dropped because they did not take their events.");
        text.Sample("cgmanager_event_subscribers_dropped_total", dropped);
        Cgroups?.Invoke(text);

        using var self = Process.GetCurrentProcess();
        text.Family("process_cpu_seconds_total", "counter", "User and system CPU time of the daemon.");
        text.Sample("process_cpu_seconds_total", self.TotalProcessorTime.TotalSeconds);
        text.Family("process_resident_memory_bytes", "gauge", "Resident set size of the daemon.");
        text.Sample("process_resident_memory_bytes", self.WorkingSet64);
        text.Family("process_open_fds", "gauge", "Open file descriptors of the daemon.");
        text.Sample("process_open_fds", Directory.GetFiles("/proc/self/fd").Length);
        text.Family("process_threads", "gauge", "Threads of the daemon.");
        text.Sample("process_threads", self.Threads.Count);
        text.Family("process_start_time_seconds", "gauge", "Start time of the daemon, seconds since the epoch.");
        text.Sample("process_start_time_seconds", Started.ToUnixTimeMilliseconds() / 1000.0);
        return text.ToString();
    }
}
