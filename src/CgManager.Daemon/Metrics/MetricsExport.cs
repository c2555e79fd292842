using CgManager.DBus.Server;

namespace CgManager.Daemon.Metrics;

/// <summary>
/// --metrics for either role (daemon or proxy): counting starts with the dispatcher; the endpoint is bound before
/// the D-Bus socket listens, so an endpoint that cannot be bound stops the start-up before any client is served,
/// and once the D-Bus socket answers, so do the metrics.
/// </summary>
internal static class MetricsExport
{
    public static DaemonMetrics? Count(DaemonOptions options, Dispatcher dispatcher)
    {
        if (options.Metrics is null)
        {
            return null;
        }

        var metrics = new DaemonMetrics();
        dispatcher.Completed = metrics.Requests.Record;
        return metrics;
    }

    public static IDisposable? Serve(DaemonOptions options, DaemonMetrics? metrics)
    {
        if (metrics is null || options.Metrics is not { } endpoint)
        {
            return null;
        }

        var exporter = MetricsServer.Start(endpoint, metrics.Render);
        Log.Info($"metrics on {endpoint.Display}");
        return exporter;
    }
}
