using System.Diagnostics;
using CgManager.Bench.Client;
using CgManager.Bench.Load;
using CgManager.Bench.Report;

namespace CgManager.Bench.Workers;

/// <summary>
/// Quiet connections: <see cref="Connections"/> clients connect and Ping, then stay open without
/// calling, as LXC or a session helper does. Reported: the daemon's threads and RSS while each
/// connection still has its thread, after they have gone quiet (the daemon parks them on one epoll
/// thread), and what a Ping costs on a connection whose thread waits against one that was parked.
/// </summary>
internal sealed record IdleConnectionsResult(int Connections, ResourceSample Served, ResourceSample Quiet, double SecondsToQuiet,
    double WaitingPingP50Us, double ResumedPingP50Us, double ResumedPingP99Us);

internal static class IdleConnectionsBench
{
    public const int Connections = 200;

    /// <summary>Threads beyond an idle daemon's that parked connections may leave: the epoll thread and the runtime's own.</summary>
    private const int SpareThreads = 8;

    private static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(20);

    public static IdleConnectionsResult Run(string socketPath, ProcessProbe daemon, ResourceSample idle, CancellationToken cancel)
    {
        var clients = new List<BenchClient>(Connections);
        try
        {
            for (int i = 0; i < Connections; i++)
            {
                cancel.ThrowIfCancellationRequested();
                clients.Add(BenchClient.Connect(socketPath));
                clients[^1].Ping();
            }

            // A second round: each connection's thread is there, blocked waiting for its client.
            var waiting = TimePings(clients);
            var served = ResourceSample.Of(daemon);
            var clock = Stopwatch.StartNew();
            while (daemon.Threads() > idle.Threads + SpareThreads && clock.Elapsed < QuietLimit)
            {
                cancel.ThrowIfCancellationRequested();
                Thread.Sleep(50);
            }

            double secondsToQuiet = clock.Elapsed.TotalSeconds;
            var quiet = ResourceSample.Of(daemon);
            var resumed = TimePings(clients);
            return new IdleConnectionsResult(Connections, served, quiet, secondsToQuiet, waiting.P50Us, resumed.P50Us, resumed.P99Us);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static StepStats TimePings(List<BenchClient> clients)
    {
        var ticks = new List<long>(clients.Count);
        foreach (var client in clients)
        {
            long start = Stopwatch.GetTimestamp();
            client.Ping();
            ticks.Add(Stopwatch.GetTimestamp() - start);
        }

        return StepStats.From("Ping", ticks);
    }
}
