using CgManager.Bench.Client;
using CgManager.Bench.Report;
using CgManager.Bench.Workers;

namespace CgManager.Bench.Placement;

/// <summary>
/// One libdbus client and the whole daemon on one CPU: Ping and the cycle at one connection again, to show
/// what the wake-up of a blocking client on another CPU costs. The kernel wakes a client blocked in poll
/// on an idle CPU when there is one; on a virtual machine that is an interrupt to a halted virtual CPU.
/// Sharing one CPU, the daemon's reply is a switch on the same CPU instead. Neither the daemon nor a
/// client library can choose this for the client, so the lane is a measure of the bound, not a mode.
/// </summary>
internal static class OneCpuLane
{
    public static void Run(BenchOptions options, BenchReport report, DaemonProcess daemon, SleepTasks tasks, CancellationToken cancel)
    {
        byte[] ours = CpuAffinity.Get(0);
        if (CpuAffinity.Count(ours) < 2)
        {
            report.Skipped.Add("one-CPU lane: the bench may run on one CPU only, so every run above already shares it");
            return;
        }

        if (StockLibrary.MissingReason(report.Libdbus.Library, report.Libdbus.Package) is { } missing)
        {
            report.Skipped.Add($"one-CPU lane: {missing}");
            return;
        }

        int cpu = CpuAffinity.First(ours);
        string socket = daemon.SocketPath;
        InnerRun.Progress($"libdbus, 1 connection, the client and every daemon thread on CPU {cpu}");
        try
        {
            using var pinned = new DaemonPinning(daemon.Pid, cpu);
            var ping = InnerRun.Measure(options, "onecpu-ping/1", "onecpu-ping", 1, PingWorker.Steps,
                _ => new PinnedWorker(new PingWorker(() => LibdbusClient.Connect(socket)), cpu), daemon.Probe, cancel);
            var cycle = InnerRun.Measure(options, "onecpu-cycle/1", "onecpu-cycle", 1, CycleSteps.Methods,
                i => new PinnedWorker(new DaemonCycleWorker(() => LibdbusClient.Connect(socket), i, tasks[i]), cpu), daemon.Probe, cancel);
            report.OneCpu = new OneCpuResult(cpu, ping, cycle);
        }
        catch (InvalidOperationException e)
        {
            // e.g. a cpuset that keeps the daemon off the bench's first CPU: the lane is skipped, the run goes on
            report.Skipped.Add($"one-CPU lane: {e.Message}");
            InnerRun.Progress($"one-CPU lane: skipped, {e.Message}");
        }
    }
}
