using System.Diagnostics;
using CgManager.Bench.Client;
using CgManager.Bench.Load;
using CgManager.Linux;

namespace CgManager.Bench;

/// <summary>
/// The real NativeAOT daemon, started as <c>cgsandbox run NAME --ns -- cgmanager --socket DIR/sock -q</c>
/// behind a gate: a shell inside the new namespaces announces itself, waits for one line on
/// stdin, then execs the daemon (same pid). Start-to-ready is timed from releasing the gate to
/// the first answered Ping, so the sandbox tool's own set-up is not counted (it is reported apart).
/// </summary>
internal sealed class DaemonProcess : IDisposable
{
    private const string GateScript = """: > "$0" && read go && exec "$@" """;

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(5);

    private readonly Process _process;

    private DaemonProcess(Process process, string folder)
    {
        _process = process;
        Folder = folder;
        Probe = new ProcessProbe(process.Id);
    }

    public string Folder { get; }

    public string SocketPath => Path.Combine(Folder, "sock");

    public int Pid => _process.Id;

    public ProcessProbe Probe { get; }

    /// <summary>From the exec of the daemon (gate released) to the first Ping answered.</summary>
    public TimeSpan StartToReady { get; private set; }

    /// <summary>From starting cgsandbox run --ns to the first Ping answered (the tool's bash and mounts included).</summary>
    public TimeSpan WithWrapperToReady { get; private set; }

    public static DaemonProcess Start(string sandbox, string binary, string folder)
    {
        Directory.CreateDirectory(folder);
        string gate = Path.Combine(folder, "gate");
        string socket = Path.Combine(folder, "sock");
        using var inotify = Inotify.Create();
        // The daemon binds a temporary name and renames it to sock, so the socket arrives as a move.
        inotify.AddWatch(folder, InotifyMask.IN_CREATE | InotifyMask.IN_MOVED_TO);

        var start = SandboxTool.Run(sandbox, newNamespaces: true, ["/bin/sh", "-c", GateScript, gate, binary, "--socket", socket, "-q"]);
        start.RedirectStandardInput = true;
        long launched = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new BenchException("cannot start cgsandbox run --ns");
        var daemon = new DaemonProcess(process, folder);
        try
        {
            using var watchdog = new Timer(_ => Wake(folder, process, launched), null, 100, 100);
            WaitCreated(inotify, "gate", process);
            long released = Stopwatch.GetTimestamp();
            process.StandardInput.WriteLine("go");
            process.StandardInput.Close();
            WaitCreated(inotify, "sock", process);
            WaitAnswers(socket, process);
            long ready = Stopwatch.GetTimestamp();
            daemon.StartToReady = Stopwatch.GetElapsedTime(released, ready);
            daemon.WithWrapperToReady = Stopwatch.GetElapsedTime(launched, ready);
            return daemon;
        }
        catch
        {
            daemon.Dispose();
            throw;
        }
    }

    /// <summary>SIGTERM, then SIGKILL after a grace period; both by pid, only to the process we started.</summary>
    public int Stop()
    {
        if (!_process.HasExited)
        {
            try
            {
                Sys.Kill(_process.Id, Signal.SIGTERM);
            }
            catch (LinuxException)
            {
                // exited meanwhile
            }

            if (!_process.WaitForExit(StopLimit))
            {
                _process.Kill();
            }
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a socket left by a killed daemon: the temp folder's owner cleans it
        }
    }

    /// <summary>Unblocks the inotify read when the start hangs or the process died: a file no one waits for.</summary>
    private static void Wake(string folder, Process process, long launched)
    {
        if (process.HasExited || Stopwatch.GetElapsedTime(launched) > StartLimit)
        {
            File.WriteAllText(Path.Combine(folder, "wake"), "");
        }
    }

    private static void WaitCreated(Inotify inotify, string name, Process process)
    {
        while (true)
        {
            foreach (var e in inotify.ReadEvents())
            {
                if (e.Name == name)
                {
                    return;
                }

                if (e.Name == "wake")
                {
                    throw new BenchException(process.HasExited
                        ? $"the daemon (or cgsandbox run --ns) exited with {process.ExitCode} before creating {name}"
                        : $"no {name} within {StartLimit.TotalSeconds} s of starting the daemon");
                }
            }
        }
    }

    /// <summary>bind() makes the file just before listen(): retry the connection until a Ping is answered.</summary>
    private static void WaitAnswers(string socket, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = BenchClient.Connect(socket);
                client.Ping();
                return;
            }
            catch (LinuxException) when (clock.Elapsed < StartLimit && !process.HasExited)
            {
                Thread.Yield();
            }
        }
    }
}
