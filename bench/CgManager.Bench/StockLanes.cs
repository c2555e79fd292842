using CgManager.Bench.Client;
using CgManager.Bench.Report;
using CgManager.Bench.Workers;

namespace CgManager.Bench;

/// <summary>
/// Ping and the cycle through the stock client libraries, which block in poll for every reply as the
/// clients people run do: libdbus (dbus-send, LXC) and sd-bus (busctl, systemd). A library that cannot
/// be loaded is skipped with the reason, and the rest of the run goes on.
/// </summary>
internal static class StockLanes
{
    public static void Run(BenchOptions options, BenchReport report, DaemonProcess daemon, SleepTasks tasks, CancellationToken cancel)
    {
        string socket = daemon.SocketPath;
        Lane(options, report.Libdbus, report, daemon, tasks, () => LibdbusClient.Connect(socket), cancel);
        Lane(options, report.SdBus, report, daemon, tasks, () => SdBusClient.Connect(socket), cancel);
    }

    private static void Lane(BenchOptions options, StockLane lane, BenchReport report, DaemonProcess daemon, SleepTasks tasks,
        Func<ICycleClient> connect, CancellationToken cancel)
    {
        if (StockLibrary.MissingReason(lane.Library, lane.Package) is { } missing)
        {
            report.Skipped.Add($"{lane.Label} lane: {missing}");
            InnerRun.Progress($"{lane.Label}: skipped, {missing}");
            return;
        }

        InnerRun.Progress($"Ping and cycle through {lane.Label} (a stock blocking client)");
        foreach (int clients in InnerRun.PingClients)
        {
            lane.Pings.Add(InnerRun.Measure(options, $"{lane.PingKind}/{clients}", lane.PingKind, clients, PingWorker.Steps,
                _ => new PingWorker(connect), daemon.Probe, cancel));
        }

        foreach (int clients in InnerRun.CycleClients)
        {
            lane.Cycles.Add(InnerRun.Measure(options, $"{lane.CycleKind}/{clients}", lane.CycleKind, clients, CycleSteps.Methods,
                i => new DaemonCycleWorker(connect, i, tasks[i]), daemon.Probe, cancel));
        }
    }
}
