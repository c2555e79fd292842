using System.Diagnostics;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Sandbox;

/// <summary>
/// A throw-away cgroup subtree (<c>cgsandbox create</c>) with the real NativeAOT daemon running inside it in its
/// own cgroup and mount namespaces (<c>cgsandbox run NAME --ns</c>), so its cgroup root is the sandbox. Clients and
/// tasks run inside the sandbox (their cgroup is "/" as the daemon sees it). Dispose stops the daemon, kills what
/// the tests started and destroys the sandbox, on every path.
/// </summary>
public sealed class CgroupSandbox : IDisposable
{
    private static int s_counter;
    private readonly List<SandboxTask> _tasks = [];
    private readonly Dictionary<string, string> _dirs = new(StringComparer.Ordinal);
    private readonly string[] _daemonArgs;
    private bool _disposed;

    /// <param name="daemonArgs">Daemon arguments.</param>
    /// <param name="daemonWrapper">An argv prefix inside the sandbox the daemon runs under (e.g. setpriv with a capability set).</param>
    public CgroupSandbox(IEnumerable<string>? daemonArgs = null, IReadOnlyList<string>? daemonWrapper = null)
    {
        _daemonArgs = [.. daemonArgs ?? []];
        Name = $"cgmtest-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}";
        var created = Tool.Run(Cgsandbox, "create", Name);
        try
        {
            if (created.ExitCode != 0)
            {
                throw new InvalidOperationException($"cgsandbox create {Name} failed: {created}");
            }

            foreach (string dir in created.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Assert.StartsWith(CgroupFs, dir);
                _dirs[dir[CgroupFs.Length..].Split('/')[0]] = dir;
            }

            Daemon = RunningDaemon.Start(daemonArgs, [Cgsandbox, "run", Name, "--ns", "--", .. daemonWrapper ?? []], reachableByAll: true);
        }
        catch
        {
            Destroy();
            throw;
        }
    }

    public const string CgroupFs = "/sys/fs/cgroup/";
    public const string InvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";

    public static string Cgsandbox => Repo.Cgsandbox;

    public string Name { get; }

    public RunningDaemon Daemon { get; private set; } = null!;

    /// <summary>Stops the daemon (SIGTERM) and starts a new one on the same socket, as a host daemon restart.</summary>
    public void RestartDaemon(IEnumerable<string>? daemonArgs = null)
    {
        var old = Daemon;
        old.Stop();
        Daemon = RunningDaemon.Start(daemonArgs, [Cgsandbox, "run", Name, "--ns", "--"], reachableByAll: true, inFolder: old.Folder);
    }

    /// <summary>SIGKILLs the daemon (a crash: no cleanup of its own) and starts a new one on the same socket, with the same arguments.</summary>
    public void CrashAndRestartDaemon()
    {
        var old = Daemon;
        old.Crash();
        Daemon = RunningDaemon.Start(_daemonArgs, [Cgsandbox, "run", Name, "--ns", "--"], reachableByAll: true, inFolder: old.Folder);
    }

    /// <summary>Starts <paramref name="argv"/> inside the sandbox without waiting for it (a client call to crash the daemon under).</summary>
    public Process StartProcess(Identity who, IEnumerable<string> argv, string? inCgroup = null)
    {
        var start = new ProcessStartInfo(Cgsandbox) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in Wrap(who, argv, inCgroup))
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    /// <summary>The sandbox's directory in each hierarchy, by the hierarchy's folder under /sys/fs/cgroup (memory, cpu, systemd, unified...).</summary>
    public IReadOnlyDictionary<string, string> Dirs => _dirs;

    /// <summary>The host path of <paramref name="cgroup"/> (relative to the sandbox, i.e. to the daemon's root) in a hierarchy.</summary>
    public string HostPath(string hierarchy, string cgroup = "") =>
        cgroup.Trim('/').Length == 0 ? _dirs[hierarchy] : Path.Combine(_dirs[hierarchy], cgroup.Trim('/'));

    /// <summary>The controller argument that names a hierarchy folder: name=systemd for systemd, unified for the v2 one.</summary>
    public static string ControllerOf(string hierarchy) => hierarchy == "systemd" ? "name=systemd" : hierarchy;

    /// <summary>Runs <paramref name="argv"/> inside the sandbox as <paramref name="who"/>, optionally from a child cgroup.</summary>
    /// <param name="who">The identity prefix (root, setpriv, unshare).</param>
    /// <param name="argv">The command.</param>
    /// <param name="inCgroup">A cgroup below the sandbox to run from (joined in every hierarchy where it exists), or null for the sandbox root.</param>
    public ToolResult Run(Identity who, IEnumerable<string> argv, string? inCgroup = null) =>
        Tool.Run(Cgsandbox, Wrap(who, argv, inCgroup), TimeSpan.FromSeconds(30));

    private List<string> Wrap(Identity who, IEnumerable<string> argv, string? inCgroup)
    {
        var all = new List<string> { "run", Name, "--" };
        if (inCgroup is not null)
        {
            // set-up by hand inside our own sandbox: join the cgroup wherever it exists (a v1 cpuset child without cpus refuses)
            string dirs = string.Join(' ', _dirs.Keys.Select(h => $"'{HostPath(h, inCgroup)}'"));
            all.AddRange(["sh", "-c", $"for d in {dirs}; do [ -d \"$d\" ] && echo $$ > \"$d/cgroup.procs\" 2>/dev/null; done; exec \"$@\"", "sh"]);
        }

        all.AddRange(who.Prefix);
        all.AddRange(argv);
        return all;
    }

    /// <summary>One plain compat call through <paramref name="client"/>, as host root from the sandbox root.</summary>
    public CallResult Call(Client client, string method, params string[] args) => CallAs(Identity.Root, client, method, args);

    public CallResult CallAs(Identity who, Client client, string method, params string[] args) => CallAsIn(who, null, client, method, args);

    public CallResult CallAsIn(Identity who, string? inCgroup, Client client, string method, params string[] args)
    {
        var command = ClientCommands.Command(client, Daemon.SocketPath, method, args);
        var run = Run(who, command, inCgroup);
        return ClientCommands.Parse(client, method, $"{who} in {inCgroup ?? "/"}: {method}({string.Join(", ", args)})", run);
    }

    /// <summary>A call that must succeed; returns its values.</summary>
    public CallResult Ok(Client client, string method, params string[] args)
    {
        var result = Call(client, method, args);
        Assert.True(result.Ok, $"expected success:\n{result}\ndaemon stderr:\n{Tail(Daemon.Stderr)}");
        return result;
    }

    /// <summary>Root creates (via the TestClient) a cgroup in a hierarchy and checks it is there.</summary>
    public void Create(string hierarchy, string cgroup)
    {
        Ok(Client.TestClient, "Create", ControllerOf(hierarchy), cgroup);
        Assert.True(Directory.Exists(HostPath(hierarchy, cgroup)), $"{HostPath(hierarchy, cgroup)} was not created");
    }

    /// <summary>Starts <c>sleep</c> (or <paramref name="command"/>) inside the sandbox (at its root or in <paramref name="inCgroup"/>) as <paramref name="who"/>.</summary>
    public SandboxTask StartTask(Identity? who = null, string? inCgroup = null, IReadOnlyList<string>? command = null)
    {
        command ??= ["sleep", "1000"];
        var start = new ProcessStartInfo(Cgsandbox) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in Wrap(who ?? Identity.Root, command, inCgroup))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var task = new SandboxTask(this, process);
        lock (_tasks)
        {
            _tasks.Add(task);
        }

        task.WaitUntilRunning(Path.GetFileName(command[0]));
        return task;
    }

    /// <summary>
    /// The cgroup of <paramref name="pid"/> in a hierarchy, relative to the sandbox ("/" for its root, "/a/b"), from
    /// /proc/PID/cgroup read outside the sandbox's namespace; null if it is not inside the sandbox.
    /// </summary>
    public string? CgroupOf(int pid, string hierarchy)
    {
        string own = _dirs[hierarchy][(CgroupFs.Length + hierarchy.Length)..];
        foreach (string line in File.ReadAllLines($"/proc/{pid}/cgroup"))
        {
            string[] parts = line.Split(':', 3);
            bool match = hierarchy switch
            {
                "unified" => parts[0] == "0" && parts[1] == "",
                "systemd" => parts[1] == "name=systemd",
                _ => parts[1].Split(',').Contains(hierarchy),
            };
            if (match)
            {
                string path = parts[2];
                return path == own ? "/" : path.StartsWith(own + "/", StringComparison.Ordinal) ? path[own.Length..] : null;
            }
        }

        return null;
    }

    /// <summary>The daemon still answers (asserted after every denial).</summary>
    public void AssertStillAnswers()
    {
        Assert.False(Daemon.HasExited, "the daemon exited:\n" + Tail(Daemon.Stderr));
        var ping = Call(Client.TestClient, "Ping", "0");
        Assert.True(ping.Ok, $"the daemon no longer answers Ping: {ping}");
    }

    /// <summary>
    /// Runs a call that must be refused: InvalidArgs (where the client shows the name), a message starting with
    /// <paramref name="reasonPrefix"/>, the sandbox tree unchanged, and the daemon still answering.
    /// </summary>
    public CallResult AssertDenied(string reasonPrefix, Func<CallResult> call)
    {
        string before = SandboxTree.Capture(this);
        var result = call();
        Assert.False(result.Ok, $"expected a refusal:\n{result}");
        if (result.ErrorName is not null)
        {
            Assert.Equal(InvalidArgs, result.ErrorName);
        }

        Assert.True(result.ErrorMessage!.StartsWith(reasonPrefix, StringComparison.Ordinal),
            $"expected the message to start with '{reasonPrefix}', got '{result.ErrorMessage}'\n{result}");
        Assert.Equal(before, SandboxTree.Capture(this));
        AssertStillAnswers();
        return result;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a condition.</summary>
    public static bool Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return condition();
    }

    internal void Forget(SandboxTask task)
    {
        lock (_tasks)
        {
            _tasks.Remove(task);
        }
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            Daemon?.Dispose();
            SandboxTask[] tasks;
            lock (_tasks)
            {
                tasks = [.. _tasks];
            }

            foreach (var task in tasks)
            {
                task.Dispose();
            }
        }
        finally
        {
            Destroy();
        }
    }

    private void Destroy()
    {
        var result = Tool.Run(Cgsandbox, "destroy", Name);
        if (result.ExitCode != 0)
        {
            Thread.Sleep(1000);
            result = Tool.Run(Cgsandbox, "destroy", Name);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"cgsandbox destroy {Name} failed: {result}");
            }
        }
    }
}
