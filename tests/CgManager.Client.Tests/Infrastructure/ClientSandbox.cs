using System.Diagnostics;
using System.Text;

namespace CgManager.Client.Tests.Infrastructure;

/// <summary>
/// A throw-away cgroup subtree (<c>cgsandbox create</c>) with the real daemon inside it, in new cgroup and
/// mount namespaces (<c>cgsandbox run NAME --ns</c>), so its root is the sandbox. Clients run through
/// <c>cgsandbox run NAME --</c>: their cgroup is the daemon's root. Dispose stops the daemon and destroys
/// the sandbox on every path.
/// </summary>
public sealed class ClientSandbox : IDisposable
{
    private const string CgroupFs = "/sys/fs/cgroup/";
    private static int s_counter;
    private readonly Process? _daemon;
    private readonly StringBuilder _daemonLog = new();
    private readonly Dictionary<string, string> _dirs = new(StringComparer.Ordinal);

    public ClientSandbox()
    {
        Name = $"cgmclient-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}";
        Folder = Directory.CreateTempSubdirectory("cgm-client-").FullName;
        // world-searchable, so that tests acting as an unprivileged user reach the socket
        File.SetUnixFileMode(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        SocketPath = Path.Combine(Folder, "sock");
        var created = Run.Program(TestPaths.Cgsandbox, ["create", Name]);
        try
        {
            Assert.True(created.ExitCode == 0, $"cgsandbox create failed: {created}");
            foreach (string dir in created.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Assert.StartsWith(CgroupFs, dir);
                _dirs[dir[CgroupFs.Length..].Split('/')[0]] = dir;
            }

            _daemon = StartDaemon();
            WaitForSocket();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    public string Folder { get; }

    public string SocketPath { get; }

    public string DaemonLog
    {
        get
        {
            lock (_daemonLog)
            {
                return _daemonLog.ToString();
            }
        }
    }

    /// <summary>The host path of a cgroup given relative to the sandbox, in a hierarchy folder (memory, unified...).</summary>
    public string HostPath(string hierarchy, string cgroup = "") =>
        cgroup.Trim('/').Length == 0 ? _dirs[hierarchy] : Path.Combine(_dirs[hierarchy], cgroup.Trim('/'));

    /// <summary>Runs a command inside the sandbox (at its root), optionally behind an identity prefix such as setpriv.</summary>
    public RunResult RunInside(IEnumerable<string> command, IEnumerable<string>? prefix = null, IDictionary<string, string>? env = null) =>
        Run.Program(TestPaths.Cgsandbox, ["run", Name, "--", .. prefix ?? [], .. command], env);

    /// <summary>cgm with this sandbox's socket, from inside the sandbox.</summary>
    public RunResult Cgm(params string[] args) => RunInside([TestPaths.Cgm, "--socket", SocketPath, .. args]);

    /// <summary>cgm as the unprivileged user nobody (65534), from inside the sandbox.</summary>
    public RunResult CgmAsNobody(params string[] args) =>
        RunInside([CgmCopyForAll(), "--socket", SocketPath, .. args], ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]);

    /// <summary>A copy of cgm in our world-searchable folder: the checkout itself may not be reachable for nobody.</summary>
    private string CgmCopyForAll()
    {
        string copy = Path.Combine(Folder, "cgm");
        lock (_daemonLog)
        {
            if (!File.Exists(copy))
            {
                File.Copy(TestPaths.Cgm, copy);
            }
        }

        return copy;
    }

    private Process StartDaemon()
    {
        var start = new ProcessStartInfo(TestPaths.Cgsandbox) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in new[] { "run", Name, "--ns", "--", TestPaths.Daemon, "--socket", SocketPath, "--debug" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_daemonLog)
            {
                _daemonLog.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private void WaitForSocket()
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(SocketPath))
        {
            if (_daemon!.HasExited || clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new InvalidOperationException($"the daemon did not start listening on {SocketPath}:\n{DaemonLog}");
            }

            Thread.Sleep(10);
        }
    }

    public void Dispose()
    {
        try
        {
            if (_daemon is { HasExited: false })
            {
                _daemon.Kill(); // the daemon (cgsandbox exec'd it, same pid); destroy kills anything left inside
                _daemon.WaitForExit(5000);
            }

            _daemon?.Dispose();
        }
        finally
        {
            var destroyed = Run.Program(TestPaths.Cgsandbox, ["destroy", Name]);
            if (destroyed.ExitCode != 0)
            {
                Thread.Sleep(1000);
                destroyed = Run.Program(TestPaths.Cgsandbox, ["destroy", Name]);
            }

            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }

            Assert.True(destroyed.ExitCode == 0, $"cgsandbox destroy {Name} failed: {destroyed}");
        }
    }
}
