using System.Diagnostics;
using System.Text.Json;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Hardening;

/// <summary>A sandbox of its own: these tests SIGKILL its daemon.</summary>
public sealed class CrashRestartFixture : SandboxFixture
{
}

/// <summary>
/// Issue 12, "crash and restart": the daemon is SIGKILLed at random points of Create with values,
/// Delete(force), Kill and RemoveOnEmpty, and started again on the same socket. Afterwards nothing is
/// frozen, a Create the caller was told failed left nothing, what was told done is done, a
/// RemoveOnEmpty the caller was told was accepted still happens, the operations can be repeated,
/// and clients of our library get a clear error on the dead connection and connect again.
/// Bounded: <see cref="Iterations"/> rounds within <see cref="Budget"/>.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class CrashRestartTests : IClassFixture<CrashRestartFixture>
{
    private const int Iterations = 16;
    private const int Sleeps = 30;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(150);
    private static readonly string[] Operations = ["create", "delete", "kill", "remove-on-empty"];
    private readonly CgroupSandbox _sb;

    public CrashRestartTests(CrashRestartFixture fixture) => _sb = fixture.Sandbox;

    private bool ExistsAnywhere(string cgroup) => _sb.Dirs.Keys.Any(h => Directory.Exists(_sb.HostPath(h, cgroup)));

    /// <summary>Every freezer of the sandbox reads thawed: v1 freezer.state and v2 cgroup.freeze.</summary>
    private void AssertNothingFrozen(string context)
    {
        foreach (var (hierarchy, file, thawed) in new[] { ("freezer", "freezer.state", "THAWED"), ("unified", "cgroup.freeze", "0") })
        {
            if (!_sb.Dirs.ContainsKey(hierarchy))
            {
                continue;
            }

            foreach (var path in Directory.EnumerateFiles(_sb.HostPath(hierarchy), file, SearchOption.AllDirectories))
            {
                string state;
                try
                {
                    state = File.ReadAllText(path).Trim();
                }
                catch (IOException)
                {
                    continue; // removed while we walk
                }

                Assert.True(state == thawed, $"{path} reads {state} after the restart ({context})");
            }
        }
    }

    private string Journal()
    {
        try
        {
            return File.ReadAllText(_sb.Daemon.SocketPath + ".remove-on-empty");
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    private static JsonElement? LastJson(string stdout)
    {
        var lines = stdout.Trim().Split('\n');
        try
        {
            return lines.Length > 0 && lines[^1].StartsWith('{') ? JsonDocument.Parse(lines[^1]).RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string CountTasks(string cgroup) =>
        Directory.Exists(_sb.HostPath("memory", cgroup))
            ? Directory.EnumerateFiles(_sb.HostPath("memory", cgroup), "cgroup.procs", SearchOption.AllDirectories)
                .Sum(f => File.ReadAllLines(f).Length).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "0";

    /// <summary>Repeats a forced Delete through a new client until the subtree is gone (it may be gone already).</summary>
    private void DeleteForce(string cgroup, string context)
    {
        if (!ExistsAnywhere(cgroup))
        {
            return;
        }

        var again = _sb.Py($"out(d=call(m.Delete, '{cgroup}', True))").GetProperty("d");
        Assert.True(again.Ok() || again.Error().EndsWith("NoSuchCgroup", StringComparison.Ordinal), $"{context}: the repeated Delete failed: {again}");
        Assert.False(ExistsAnywhere(cgroup), $"{context}: {cgroup} survived a repeated forced Delete");
    }

    /// <summary>After a failure, the sandbox must still be destroyable: thaw by hand whatever this test left frozen.</summary>
    private void ThawAllByHand()
    {
        foreach (var (hierarchy, file, thawed) in new[] { ("freezer", "freezer.state", "THAWED"), ("unified", "cgroup.freeze", "0") })
        {
            if (_sb.Dirs.ContainsKey(hierarchy))
            {
                foreach (var path in Directory.EnumerateFiles(_sb.HostPath(hierarchy), file, SearchOption.AllDirectories))
                {
                    try
                    {
                        File.WriteAllText(path, thawed);
                    }
                    catch (IOException)
                    {
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Killed_at_random_points_the_daemon_restarts_into_a_consistent_state_and_clients_connect_again()
    {
        try
        {
            await CrashAtRandomPoints();
        }
        catch
        {
            ThawAllByHand();
            throw;
        }
    }

    private async Task CrashAtRandomPoints()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        int told = 0;

        for (int i = 0; i < Iterations && clock.Elapsed < Budget; i++)
        {
            string operation = Operations[i % Operations.Length];
            string cg = $"crash{i}";
            bool bad = random.Next(2) == 0;
            int delayMs = random.Next(0, 40);
            string context = $"seed {seed}, round {i}: {operation}{(bad ? " (bad value)" : "")}, SIGKILL after {delayMs} ms";
            SandboxTask? tasks = null;
            string call;
            switch (operation)
            {
                case "create":
                    call = $"out(r=call(m.Create, '{cg}/x/y', S(), V({{'memory.limit': '64M', 'pids.max': {(bad ? "'bogus'" : "dbus.Int64(7)")}}})))";
                    break;
                case "delete" or "kill":
                    Assert.True(_sb.Ok(Client.TestClient, "Create", "all", $"{cg}/a").Ok);
                    tasks = _sb.StartTask(inCgroup: $"{cg}/a", command: ["sh", "-c", $"for i in $(seq {Sleeps}); do sleep 1000 & done; wait"]);
                    call = operation == "delete" ? $"out(r=call(m.Delete, '{cg}', True))" : $"out(r=call(m.Kill, '{cg}', 9))";
                    break;
                default:
                    Assert.True(_sb.Ok(Client.TestClient, "Create", "all", cg).Ok);
                    tasks = _sb.StartTask(inCgroup: cg);
                    call = $"out(r=call(compat.RemoveOnEmpty, 'all', '{cg}'))";
                    break;
            }

            // The client says when it is connected, so the delay falls within the call, not its start-up.
            using var client = _sb.StartProcess(Identity.Root, [Tool.Python, "-c", Manager1Python.Prelude + "print('ready', flush=True)\n" + call, _sb.Daemon.Address]);
            Assert.Equal("ready", client.StandardOutput.ReadLine());
            var stdout = client.StandardOutput.ReadToEndAsync();
            Thread.Sleep(delayMs);
            if (operation == "remove-on-empty")
            {
                tasks!.Dispose(); // it empties around the crash
            }

            _sb.CrashAndRestartDaemon();
            Assert.True(client.WaitForExit(15_000), $"{context}: the client hung on the dead connection");
            // An answer is what the daemon said; NoReply and Disconnected come from the client's library.
            var reply = LastJson(await stdout)?.GetProperty("r") is { } answer && (answer.Ok() || answer.Error().StartsWith("org.linuxcontainers.", StringComparison.Ordinal))
                ? answer
                : (JsonElement?)null;
            told += reply is null ? 0 : 1;

            Assert.True(_sb.Ok(Client.TestClient, "Ping", "0").Ok); // served: the take-over is done
            AssertNothingFrozen(context);
            switch (operation)
            {
                case "create" when reply is { } r && r.Ok():
                    Assert.False(bad, $"{context}: a bogus value was accepted");
                    Assert.Equal("7", File.ReadAllText(Path.Combine(_sb.HostPath("pids", $"{cg}/x/y"), "pids.max")).Trim());
                    break;
                case "create" when reply is { } r:
                    Assert.False(ExistsAnywhere(cg), $"{context}: the caller was told the Create failed ({r}) and {cg} is left");
                    break;
                case "delete" when reply is { } r && r.Ok():
                    Assert.False(ExistsAnywhere(cg), $"{context}: the caller was told the Delete succeeded and {cg} is left");
                    break;
                case "kill" when reply is { } r && r.Ok():
                    Assert.True(CgroupSandbox.Eventually(() => CountTasks(cg) == "0", TimeSpan.FromSeconds(10)), $"{context}: told killed, {CountTasks(cg)} tasks left");
                    break;
                case "remove-on-empty" when reply is { } r && r.Ok():
                    Assert.True(CgroupSandbox.Eventually(() => !ExistsAnywhere(cg), TimeSpan.FromSeconds(10)),
                        $"{context}: told it would go once empty, and it is still there after the restart in " +
                        string.Join(',', _sb.Dirs.Keys.Where(h => Directory.Exists(_sb.HostPath(h, cg)))) +
                        $"\njournal: {Journal()}\ndaemon: {_sb.Daemon.Stderr}");
                    break;
            }

            // The operation can be repeated on the new daemon and leaves a clean sandbox.
            DeleteForce(cg, context);
            tasks?.Dispose();
        }

        // Our client library (the cgm CLI on CgManager.Client) connects to the restarted daemon and is served.
        var cgm = _sb.Run(Identity.Root, [Path.Combine(Repo.Root, "artifacts", "bin", "cgm"), "--socket", _sb.Daemon.SocketPath, "listcontrollers"]);
        Assert.True(cgm.ExitCode == 0 && cgm.Stdout.Contains("memory", StringComparison.Ordinal), cgm.ToString());
        Assert.True(told > 0, $"seed {seed}: no call was answered before its crash");
    }
}
