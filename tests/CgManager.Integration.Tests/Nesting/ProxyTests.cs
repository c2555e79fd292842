using System.Diagnostics;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Nesting;

/// <summary>
/// cgproxy in a container: a mount + pid namespace where the host's socket folder is bind-mounted at
/// the usual place; the proxy moves it aside and serves plain calls, which behave as the Scm calls
/// do — pids are the container's own. Also: a restarted host daemon is picked up again.
/// </summary>
public sealed class ProxyTests : IDisposable
{
    private const string Iface = "org.linuxcontainers.cgmanager0_0";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);
    private readonly CgroupSandbox _sb = new();
    private readonly string _container = Directory.CreateTempSubdirectory("cgm-ct-").FullName;
    private readonly System.Text.StringBuilder _proxyStderr = new();
    private Process _proxyLauncher;

    public ProxyTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        File.SetUnixFileMode(_container, (UnixFileMode)0b111_101_101);
        _proxyLauncher = Launch();
        if (Started())
        {
            return;
        }

        // Seen once in a full run on two loaded cores: a launch that was still not serving after 30 s while three
        // others in the same run took a second. What it looked like goes to the test output; one more launch follows.
        output.WriteLine("the proxy's first launch did not serve within 30 s: " + Describe());
        StopLaunch();
        _proxyLauncher = Launch();
        if (!Started())
        {
            // xunit does not dispose a test whose constructor threw: the sandbox goes here, or it would outlive the test.
            string why = Describe();
            Dispose();
            Assert.Fail("the proxy did not start, twice: " + why);
        }
    }

    private Process Launch()
    {
        string hostFolder = Path.GetDirectoryName(_sb.Daemon.SocketPath)!;
        string setup = $"mkdir -p {_container}/cgmanager && mount --bind {hostFolder} {_container}/cgmanager && " +
                       $"exec {Repo.DaemonBinary} --proxy --socket {ProxySocket} --debug";
        var start = new ProcessStartInfo(CgroupSandbox.Cgsandbox) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "run", _sb.Name, "--", "unshare", "-m", "-p", "-f", "--mount-proc", "--propagation", "private", "sh", "-c", setup })
        {
            start.ArgumentList.Add(arg);
        }

        var launcher = Process.Start(start)!;
        // drained as it comes, so a chatty --debug proxy never blocks on a full pipe
        launcher.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_proxyStderr)
                {
                    _proxyStderr.AppendLine(e.Data);
                }
            }
        };
        launcher.OutputDataReceived += (_, _) => { };
        launcher.BeginErrorReadLine();
        launcher.BeginOutputReadLine();
        return launcher;
    }

    private bool Started() => CgroupSandbox.Eventually(() => ProxyPid() is not null && File.Exists(ProxySocket), StartLimit);

    private string Describe()
    {
        string children = $"/proc/{_proxyLauncher.Id}/task/{_proxyLauncher.Id}/children";
        string state = _proxyLauncher.HasExited ? $"the launcher exited with {_proxyLauncher.ExitCode}"
            : $"the launcher ({_proxyLauncher.Id}) runs, children [{(File.Exists(children) ? File.ReadAllText(children).Trim() : "?")}], "
              + $"processes: {Tool.Run("ps", "-o", "pid,ppid,stat,wchan:20,comm", "--ppid", _proxyLauncher.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Stdout.Trim()}";
        lock (_proxyStderr)
        {
            return $"{state}; socket {(File.Exists(ProxySocket) ? "present" : "absent")}; stderr: {_proxyStderr}";
        }
    }

    private void StopLaunch()
    {
        if (!_proxyLauncher.HasExited)
        {
            _proxyLauncher.Kill(entireProcessTree: true);
        }

        _proxyLauncher.WaitForExit(5000);
        _proxyLauncher.Dispose();
        File.Delete(ProxySocket); // the next launch is awaited by its socket: not this one's
    }

    private string ProxySocket => Path.Combine(_container, "cgmanager", "sock");

    /// <summary>The proxy itself: the child of unshare (it forked into the new pid namespace).</summary>
    private int? ProxyPid()
    {
        string children = $"/proc/{_proxyLauncher.Id}/task/{_proxyLauncher.Id}/children";
        try
        {
            if (!File.Exists(children))
            {
                return null;
            }

            // every child is looked at: the launcher's shell may still hold an unreaped helper of its own (seen in CI
            // as a zombie bash listed before the proxy)
            foreach (string entry in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(entry, out int pid) && File.ReadAllText($"/proc/{pid}/comm").Trim() == "cgmanager")
                {
                    return pid;
                }
            }

            return null;
        }
        catch (IOException)
        {
            return null; // a child that exited between the two reads (the launcher's own steps): not the proxy yet
        }
    }

    /// <summary>Runs a shell command inside the container (its pid and mount namespaces), in the sandbox.</summary>
    private ToolResult InContainer(string script) =>
        _sb.Run(Identity.Root, ["nsenter", "-t", ProxyPid()!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "-p", "-m", "--", "sh", "-c", script]);

    private string Busctl(string args) =>
        $"busctl --address=unix:path={ProxySocket} call org.linuxcontainers.cgmanager /org/linuxcontainers/cgmanager {Iface} {args}";

    [Fact]
    public void The_proxy_moves_the_host_folder_aside_and_serves_the_usual_path()
    {
        Assert.True(File.Exists(Path.Combine(_container, "cgmanager.lower", "sock")) || Directory.Exists(Path.Combine(_container, "cgmanager.lower")));
        var controllers = InContainer(Busctl("ListControllers"));
        Assert.Equal(0, controllers.ExitCode);
        Assert.Contains("\"memory\"", controllers.Stdout);
        var version = InContainer($"busctl --address=unix:path={ProxySocket} get-property org.linuxcontainers.cgmanager /org/linuxcontainers/cgmanager {Iface} api_version");
        Assert.Equal("i 10", version.Stdout.Trim());
    }

    [Fact]
    public void Plain_calls_through_the_proxy_use_the_containers_own_pids()
    {
        var created = InContainer(Busctl("Create ss memory viaproxy"));
        Assert.Equal("i -1", created.Stdout.Trim());
        Assert.True(Directory.Exists(_sb.HostPath("memory", "viaproxy")));

        // Inside: start a task, move it by its inner pid, read it back by inner pid.
        var run = InContainer(
            $"sleep 100 & p=$!; echo inner=$p; {Busctl("MovePid ssi memory viaproxy $p")}; " +
            $"{Busctl("GetTasks ss memory viaproxy")}; {Busctl("GetPidCgroup si memory $p")}; {Busctl("GetPidCgroupAbs si memory $p")}; " +
            "cat /proc/$p/cgroup | grep memory; kill $p");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string inner = lines[0]["inner=".Length..];
        Assert.True(int.Parse(inner, System.Globalization.CultureInfo.InvariantCulture) < 1000, "the task should have a small pid in the container's pid namespace");
        Assert.Equal($"ai 1 {inner}", lines[1]);
        Assert.Equal("s \"viaproxy\"", lines[2]);
        Assert.Equal("s \"/viaproxy\"", lines[3]);
        Assert.EndsWith("/viaproxy", lines[4]);
    }

    [Fact]
    public void Scm_calls_to_the_proxy_are_refused()
    {
        string script = $"{Tool.Python} {ScmClient.Script} {ProxySocket} CreateScm s:memory s:chained";
        var run = InContainer(script);
        var outcome = ScmClient.Parse(run.Stdout.Trim());
        Assert.Equal("error", outcome.DBus);
        Assert.Contains("never speaks for another proxy", outcome.Message);
        Assert.False(Directory.Exists(_sb.HostPath("memory", "chained")));
    }

    [Fact]
    public void The_proxy_reconnects_after_the_host_daemon_restarts()
    {
        Assert.Equal("i -1", InContainer(Busctl("Create ss memory before")).Stdout.Trim());
        _sb.RestartDaemon();
        var after = InContainer(Busctl("Create ss memory after"));
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Equal("i -1", after.Stdout.Trim());
        Assert.True(Directory.Exists(_sb.HostPath("memory", "after")));
    }

    public void Dispose()
    {
        if (ProxyPid() is { } pid)
        {
            Tool.Run("kill", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _proxyLauncher.WaitForExit(5000);
        _sb.Dispose();
        Directory.Delete(_container, recursive: true);
    }
}
