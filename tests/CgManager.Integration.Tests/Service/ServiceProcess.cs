using System.Diagnostics;
using System.Text;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Service;

/// <summary>
/// The real daemon started the way a service manager starts it: with the environment the test
/// gives (NOTIFY_SOCKET, LISTEN_*, JOURNAL_STREAM...) and its own folder; killed and removed on dispose.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ServiceProcess(Process process, string folder)
    {
        _process = process;
        Folder = folder;
    }

    public string Folder { get; }

    public string SocketPath => Path.Combine(Folder, "sock");

    public int Pid => _process.Id;

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

    public static string NewFolder() => Directory.CreateTempSubdirectory("cgm-svc-").FullName;

    /// <summary>Starts FILE ARGS (the daemon, or a wrapper such as systemd-socket-activate) with extra environment.</summary>
    public static ServiceProcess Start(string folder, string file, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var service = new ServiceProcess(Process.Start(start)!, folder);
        service._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (service._stderr)
                {
                    service._stderr.AppendLine(e.Data);
                }
            }
        };
        service._process.BeginErrorReadLine();
        service._process.OutputDataReceived += (_, _) => { };
        service._process.BeginOutputReadLine();
        return service;
    }

    public static ServiceProcess StartDaemon(IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        string folder = NewFolder();
        return Start(folder, Repo.DaemonBinary, ["--socket", Path.Combine(folder, "sock"), .. args], env);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until a D-Bus Ping through ADDRESS answers (the daemon is serving), or fails with the log.</summary>
    public void WaitAnswering(string? socket = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Assert.False(_process.HasExited, $"daemon exited during start-up:\n{Stderr}");
            if (Ping(socket ?? SocketPath).ExitCode == 0)
            {
                return;
            }

            Thread.Sleep(20);
        }

        Assert.Fail($"daemon did not answer on {socket ?? SocketPath}:\n{Stderr}");
    }

    public static ToolResult Ping(string socket) =>
        Tool.Run("busctl", ["--address=unix:path=" + socket, "call", "org.linuxcontainers.cgmanager", "/org/linuxcontainers/cgmanager",
            "org.linuxcontainers.cgmanager0_0", "Ping", "i", "0"], TimeSpan.FromSeconds(10));

    public void Signal(string name) => Tool.Ok("kill", "-" + name, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Waits for the exit and returns its code; kills after the timeout.</summary>
    public int WaitExit(TimeSpan? timeout = null)
    {
        if (!_process.WaitForExit(timeout ?? TimeSpan.FromSeconds(10)))
        {
            _process.Kill();
            _process.WaitForExit();
            Assert.Fail($"daemon did not exit in time:\n{Stderr}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

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
