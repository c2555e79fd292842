using System.Diagnostics;
using System.Runtime.InteropServices;
using CgManager.Bench.Client;
using CgManager.Bench.Load;
using CgManager.Bench.Report;
using CgManager.Bench.RoundTrip;
using CgManager.Bench.Workers;

namespace CgManager.Bench;

/// <summary>
/// The measuring process, re-executed by the outer one inside the sandbox, whose root is its own
/// cgroup: relative cgroup names given to the daemon and the floor's directories all land
/// beneath it. Order: floor, daemon starts, idle, Ping, cycles (1, 4, 16, 64 clients), the same Ping and
/// cycles through libdbus and sd-bus, the round-trip floor, growth, quiet connections, after-load, soak. Progress goes to stderr; stdout gets the table and then one JSON line.
/// </summary>
internal static class InnerRun
{
    public static readonly int[] CycleClients = [1, 4, 16, 64];
    public static readonly int[] PingClients = [1, 4];
    public static readonly int[] GrowthSizes = [1_000, 10_000];
    public const int SoakClients = 4;
    public const long SoakReconnectEvery = 10_000;

    /// <summary>How long to wait for the daemon to close connections the clients have closed.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan GrowthQuiet = TimeSpan.FromSeconds(1);

    public static int Run(BenchOptions options, string sandbox)
    {
        var clock = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        string memory = OwnMemoryCgroup.Find(sandbox);
        var report = new BenchReport { Options = options, Daemon = RepoPaths.DaemonBinary, Sandbox = sandbox };
        string work = Directory.CreateTempSubdirectory("cgm-bench-").FullName;
        DaemonProcess? daemon = null;
        try
        {
            using var tasks = new SleepTasks(CycleClients.Max());
            Progress("floor: the cycle on cgroupfs");
            foreach (int clients in CycleClients)
            {
                report.Floor.Add(Measure(options, $"floor/{clients}", "floor", clients, CycleSteps.FloorSteps,
                    i => new FloorCycleWorker(memory, i, tasks[i]), null, cancel.Token));
            }

            daemon = StartDaemons(options, sandbox, work, report, cancel.Token);
            report.Idle = Settle(daemon.Probe, null);
            Verify.Cycle(daemon.SocketPath, memory, sandbox, tasks[0]);
            Progress("Ping");
            foreach (int clients in PingClients)
            {
                string socket = daemon.SocketPath;
                report.Pings.Add(Measure(options, $"ping/{clients}", "ping", clients, PingWorker.Steps, _ => new PingWorker(() => BenchClient.Connect(socket)), daemon.Probe, cancel.Token));
            }

            Progress("cycle through the daemon");
            foreach (int clients in CycleClients)
            {
                string socket = daemon.SocketPath;
                var result = Measure(options, $"cycle/{clients}", "cycle", clients, CycleSteps.Methods,
                    i => new DaemonCycleWorker(() => BenchClient.Connect(socket), i, tasks[i]), daemon.Probe, cancel.Token);
                report.Cycles.Add(result);
                if (clients == CycleClients.Max())
                {
                    report.PeakRssKiB = result.DaemonPeakRssKiB;
                    report.HighWaterRssKiB = daemon.Probe.PeakRssKiB();
                }
            }

            StockLanes.Run(options, report, daemon, tasks, cancel.Token);
            Placement.OneCpuLane.Run(options, report, daemon, tasks, cancel.Token);
            RoundTripFloor.Run(options, report, cancel.Token);

            Growth(report, daemon, memory, cancel.Token);
            Progress($"quiet connections: {IdleConnectionsBench.Connections} that stop calling");
            report.IdleConnections = IdleConnectionsBench.Run(daemon.SocketPath, daemon.Probe, report.Idle, cancel.Token);
            report.AfterLoad = Settle(daemon.Probe, report.Idle.Fds);
            Soak(options, report, daemon, cancel.Token);
            report.DaemonExitCode = daemon.Stop();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // reported below, after the daemon and the tasks are stopped
        }
        finally
        {
            daemon?.Dispose();
            Directory.Delete(work, recursive: true);
        }

        if (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("cgmanager-bench: interrupted");
            return 130;
        }

        report.TotalSeconds = clock.Elapsed.TotalSeconds;
        report.LoadAfter = BenchReport.ReadProc("/proc/loadavg");
        var checks = Checks.Evaluate(report);
        Console.Out.Write(TextReport.Render(report, checks));
        string json = JsonReport.Render(report, checks);
        Console.Out.WriteLine(json);
        if (options.JsonFile is { } file)
        {
            File.WriteAllText(file, json + "\n");
        }

        return 0;
    }

    internal static LoadResult Measure(BenchOptions options, string name, string kind, int clients, IReadOnlyList<string> steps,
        Func<int, ILoadWorker> worker, ProcessProbe? daemon, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var result = LoadRunner.Run(new LoadSpec(name, kind, clients, steps, worker, options.WarmUp, options.Measure), daemon, cancel);
        Progress($"  {name,-10} {result.OpsPerSecond,10:N0}/s  p99 {result.Total.P99Us,8:N0} us  errors {result.Errors}");
        return result;
    }

    /// <summary>Times several starts (the median is judged); the last daemon stays up for the rest of the run.</summary>
    private static DaemonProcess StartDaemons(BenchOptions options, string sandbox, string work, BenchReport report, CancellationToken cancel)
    {
        Progress($"daemon: {options.Starts} timed starts");
        for (int i = 0; ; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var daemon = DaemonProcess.Start(sandbox, RepoPaths.DaemonBinary, Path.Combine(work, $"d{i}"));
            report.StartToReadyMs.Add(daemon.StartToReady.TotalMilliseconds);
            report.WithWrapperMs.Add(daemon.WithWrapperToReady.TotalMilliseconds);
            if (i == options.Starts - 1)
            {
                return daemon;
            }

            daemon.Dispose();
        }
    }

    private static void Growth(BenchReport report, DaemonProcess daemon, string memory, CancellationToken cancel)
    {
        Progress("growth");
        Thread.Sleep(GrowthQuiet); // let the kernel finish freeing the cgroups the cycles removed
        foreach (int size in GrowthSizes)
        {
            int runs = size < 10_000 ? 3 : 1;
            var floor = new List<GrowthResult>();
            var through = new List<GrowthResult>();
            for (int i = 0; i < runs; i++)
            {
                cancel.ThrowIfCancellationRequested();
                floor.Add(GrowthBench.OnCgroupfs(memory, size, cancel));
                through.Add(GrowthBench.ThroughDaemon(daemon.SocketPath, size, cancel));
            }

            report.Growth.Add(GrowthResult.Median(floor));
            report.Growth.Add(GrowthResult.Median(through));
            Progress($"  {size,6} cgroups x{runs}: daemon {report.Growth[^1].Seconds:0.0} s, cgroupfs {report.Growth[^2].Seconds:0.0} s");
        }
    }

    private static void Soak(BenchOptions options, BenchReport report, DaemonProcess daemon, CancellationToken cancel)
    {
        Progress($"soak: {options.SoakRequests:N0} Ping, {SoakClients} clients, at most {options.SoakLimit.TotalSeconds:0} s");
        cancel.ThrowIfCancellationRequested();
        var before = ResourceSample.Of(daemon.Probe);
        string socket = daemon.SocketPath;
        long perClient = (options.SoakRequests + SoakClients - 1) / SoakClients;
        var spec = new LoadSpec("soak", "soak", SoakClients, PingWorker.Steps, _ => new PingWorker(() => BenchClient.Connect(socket), SoakReconnectEvery),
            TimeSpan.Zero, options.SoakLimit, perClient);
        var load = LoadRunner.Run(spec, daemon.Probe, cancel);
        report.Soak = new SoakResult(load, perClient * SoakClients, before, Settle(daemon.Probe, before.Fds));
    }

    /// <summary>Waits until the daemon has closed what the clients closed (fds back to <paramref name="expectedFds"/>, or steady).</summary>
    private static ResourceSample Settle(ProcessProbe probe, int? expectedFds)
    {
        var clock = Stopwatch.StartNew();
        int last = -1;
        int steady = 0;
        while (clock.Elapsed < SettleLimit)
        {
            int fds = probe.FdCount();
            steady = fds == last ? steady + 1 : 0;
            last = fds;
            if ((expectedFds is { } e && fds <= e) || steady >= 5)
            {
                break;
            }

            Thread.Sleep(50);
        }

        Thread.Sleep(200);
        return ResourceSample.Of(probe);
    }

    internal static void Progress(string text) => Console.Error.WriteLine($"[bench] {text}");
}
