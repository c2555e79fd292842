using System.Diagnostics;
using System.Text;
using CgManager.Linux.Sockets;

namespace CgManager.Integration.Tests.Infrastructure;

/// <summary>
/// The real NativeAOT daemon on a socket in a fresh temporary folder, stopped with SIGTERM
/// (then SIGKILL) on dispose. Its stderr is kept for assertions and failure messages.
/// </summary>
public sealed class RunningDaemon : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private RunningDaemon(Process process, string folder, string socket)
    {
        _process = process;
        Folder = folder;
        SocketPath = socket;
    }

    public string Folder { get; }
    public string SocketPath { get; }
    public string Address => "unix:path=" + SocketPath;
    public int Pid => _process.Id;
    public TimeSpan StartToReady { get; private set; }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the daemon with extra arguments (and optionally through a wrapper such as cgsandbox run).</summary>
    /// <param name="extraArgs">Daemon arguments after --socket and --debug.</param>
    /// <param name="wrapper">An argv prefix the daemon runs under, e.g. cgsandbox run NAME --ns --.</param>
    /// <param name="reachableByAll">Make the socket's folder 0755 so clients running as other users can connect.</param>
    /// <param name="inFolder">The socket's folder (to restart on the same socket), or null for a fresh temporary one.</param>
    public static RunningDaemon Start(IEnumerable<string>? extraArgs = null, IReadOnlyList<string>? wrapper = null, bool reachableByAll = false,
        string? inFolder = null)
    {
        string folder = inFolder ?? Directory.CreateTempSubdirectory("cgm-it-").FullName;
        if (reachableByAll)
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        }

        string socket = Path.Combine(folder, "sock");
        var start = new ProcessStartInfo(wrapper?[0] ?? Repo.DaemonBinary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (wrapper is not null)
        {
            foreach (var w in wrapper.Skip(1))
            {
                start.ArgumentList.Add(w);
            }

            start.ArgumentList.Add(Repo.DaemonBinary);
        }

        start.ArgumentList.Add("--socket");
        start.ArgumentList.Add(socket);
        start.ArgumentList.Add("--debug");
        foreach (var arg in extraArgs ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        var daemon = new RunningDaemon(process, folder, socket);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (daemon._stderr)
                {
                    daemon._stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        daemon.WaitReady(clock);
        return daemon;
    }

    private void WaitReady(Stopwatch clock)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"daemon exited with {_process.ExitCode} during start-up:\n{Stderr}");
            }

            if (File.Exists(SocketPath))
            {
                try
                {
                    using var probe = UnixSocket.Connect(SocketPath);
                    StartToReady = clock.Elapsed;
                    return;
                }
                catch (Linux.LinuxException)
                {
                }
            }

            Thread.Sleep(2);
        }

        Dispose();
        throw new TimeoutException($"daemon did not listen on {SocketPath}:\n{Stderr}");
    }

    /// <summary>Open fds of the daemon process, from /proc.</summary>
    public int FdCount => Directory.GetFiles($"/proc/{Pid}/fd").Length;

    /// <summary>VmRSS in KiB.</summary>
    public long RssKiB
    {
        get
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return -1;
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL now, as a crash: the daemon gets no chance to clean up. Waits until it is gone.</summary>
    public void Crash()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
    }

    /// <summary>SIGTERM and wait; returns the exit code.</summary>
    public int Stop(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            _ = Tool.Run("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!_process.WaitForExit(timeout ?? TimeSpan.FromSeconds(5)))
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            Stop();
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
