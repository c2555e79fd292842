using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using CgManager.Linux;

namespace CgManager.Bench;

/// <summary>
/// The outer process: it never touches a cgroup itself. It creates a uniquely named sandbox,
/// runs this program again inside it (so the measuring process's cgroup is the sandbox root),
/// and destroys the sandbox on every path: success, failure, Ctrl-C or SIGTERM.
/// </summary>
internal static class OuterRun
{
    /// <summary>Hard bound on the inner run; the whole benchmark is meant to take well under 5 minutes.</summary>
    private static readonly TimeSpan InnerLimit = TimeSpan.FromMinutes(8);

    /// <summary>After a signal, how long the inner run gets to stop its daemon before it is killed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    public static int Run(BenchOptions options, string[] args)
    {
        if (!File.Exists(RepoPaths.SandboxTool))
        {
            throw new BenchException($"no sandbox tool at {RepoPaths.SandboxTool} (set CGSANDBOX)");
        }

        if (!File.Exists(RepoPaths.DaemonBinary))
        {
            throw new BenchException($"no daemon at {RepoPaths.DaemonBinary}: run ./scripts/build.sh (or set CGMANAGER_BIN)");
        }

        string name = string.Create(CultureInfo.InvariantCulture, $"cgm-bench-{Environment.ProcessId}-{Random.Shared.Next(1000, 9999)}");
        Process? inner = null;
        long signalledAt = 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // we stop in order: inner run first, then destroy
            Interlocked.CompareExchange(ref signalledAt, Stopwatch.GetTimestamp(), 0);
            if (inner is { } p)
            {
                try
                {
                    Sys.Kill(p.Id, context.Signal == PosixSignal.SIGINT ? Signal.SIGINT : Signal.SIGTERM);
                }
                catch (LinuxException)
                {
                    // already gone
                }
            }
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        int exitCode = 1;
        try
        {
            SandboxTool.Create(name);
            if (Interlocked.Read(ref signalledAt) != 0)
            {
                return 130;
            }

            var start = SandboxTool.Run(name, newNamespaces: false, [.. RepoPaths.SelfCommand(), BenchOptions.InnerFlag, name, .. args]);
            inner = Process.Start(start) ?? throw new BenchException("cannot start the inner run");
            exitCode = WaitInner(inner, () => Interlocked.Read(ref signalledAt));
        }
        finally
        {
            inner?.Dispose();
            if (SandboxTool.Destroy(name) is { } complaint)
            {
                Console.Error.WriteLine($"cgmanager-bench: {complaint}");
                exitCode = exitCode == 0 ? 1 : exitCode;
            }
        }

        return Interlocked.Read(ref signalledAt) != 0 && exitCode == 0 ? 130 : exitCode;
    }

    private static int WaitInner(Process inner, Func<long> signalledAt)
    {
        var clock = Stopwatch.StartNew();
        while (!inner.WaitForExit(200))
        {
            long since = signalledAt();
            bool late = since != 0 && Stopwatch.GetElapsedTime(since) > StopGrace;
            if (late || clock.Elapsed > InnerLimit)
            {
                Console.Error.WriteLine($"cgmanager-bench: inner run (pid {inner.Id}) {(late ? "did not stop after the signal" : "ran too long")}; killing it");
                inner.Kill(); // SIGKILL by pid; destroy then kills what it left in the sandbox
                inner.WaitForExit();
                return 1;
            }
        }

        inner.WaitForExit();
        return inner.ExitCode;
    }
}
