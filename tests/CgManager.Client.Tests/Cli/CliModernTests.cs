using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CgManager.Client.Tests.Infrastructure;
using CgManager.Client.Tests.Library;

namespace CgManager.Client.Tests.Cli;

/// <summary>
/// cgm's Manager1 commands (freeze, thaw, kill, set, get, watch): the real cgm against the real daemon inside a
/// sandbox of this class's own, checked in the v1 files the daemon writes. Each test works on cgroups of its own name;
/// every process a test starts is one of its own and is killed and reaped before it ends.
/// </summary>
public sealed class CliModernTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly ClientSandbox _sb = fixture.Sandbox;

    private RunResult Ok(params string[] args)
    {
        var result = _sb.Cgm(args);
        Assert.True(result.ExitCode == 0, $"cgm {string.Join(' ', args)}: {result}\ndaemon log:\n{Tail(_sb.DaemonLog)}");
        Assert.Equal("", result.Stderr);
        return result;
    }

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;

    private string V1File(string hierarchy, string cgroup, string file) =>
        File.ReadAllText(Path.Combine(_sb.HostPath(hierarchy, cgroup), file)).TrimEnd('\n');

    [SandboxFact]
    public void Set_writes_memory_limit_and_cpu_weight_to_the_v1_files_and_get_reads_them_back()
    {
        Ok("create", "all", "m-set");
        Assert.Equal("", Ok("set", "m-set", "memory.limit=256M", "cpu.weight=200").Stdout);
        Assert.Equal("268435456", V1File("memory", "m-set", "memory.limit_in_bytes"));
        Assert.Equal("2048", V1File("cpu", "m-set", "cpu.shares")); // weight × 1024 / 100
        Assert.Equal("memory.limit 268435456\ncpu.weight 200\n", Ok("get", "m-set", "memory.limit", "cpu.weight").Stdout);

        Ok("set", "m-set", "cpu.weight=50", "memory.limit=max");
        Assert.Equal("512", V1File("cpu", "m-set", "cpu.shares"));
        Assert.Equal("memory.limit max\ncpu.weight 50\n", Ok("get", "m-set", "memory.limit", "cpu.weight").Stdout);
        var json = JsonDocument.Parse(Ok("get", "--json", "m-set", "cpu.weight", "cpu.shares").Stdout).RootElement;
        Assert.Equal(["cpu.weight", "cpu.shares"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("50", json.GetProperty("cpu.weight").GetString());
        Assert.Equal("512", json.GetProperty("cpu.shares").GetString()); // a raw file name reads verbatim
    }

    [SandboxFact]
    public void Set_with_one_bad_value_fails_precisely_and_changes_nothing()
    {
        Ok("create", "all", "m-aon");
        Ok("set", "m-aon", "memory.limit=128M", "cpu.weight=200");
        var result = _sb.Cgm("set", "m-aon", "memory.limit=64M", "cpu.weight=0");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal("cgm set: invalid argument: cpu.weight: '0' is not a weight between 1 and 10000\n", result.Stderr);
        Assert.Equal("134217728", V1File("memory", "m-aon", "memory.limit_in_bytes"));
        Assert.Equal("2048", V1File("cpu", "m-aon", "cpu.shares"));

        var missing = _sb.Cgm("get", "m-none", "memory.limit");
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("cgm get: no such cgroup: ", missing.Stderr);
    }

    [SandboxFact]
    public void Freeze_and_thaw_change_the_v1_freezer_state_of_a_task()
    {
        Ok("create", "all", "m-freeze");
        using var sleeper = StartSleeperIn("m-freeze");
        try
        {
            Assert.Equal("", Ok("freeze", "m-freeze").Stdout);
            Assert.Equal("FROZEN", V1File("freezer", "m-freeze", "freezer.state"));
            Assert.Equal("freezer.state FROZEN\n", Ok("get", "m-freeze", "freezer.state").Stdout);
            Assert.Equal("", Ok("thaw", "m-freeze").Stdout);
            Assert.Equal("THAWED", V1File("freezer", "m-freeze", "freezer.state"));
        }
        finally
        {
            Reap(sleeper);
        }
    }

    [SandboxFact]
    public void Kill_signals_the_tasks_and_says_how_many_with_v_or_json()
    {
        Ok("create", "all", "m-kill");
        using var first = StartSleeperIn("m-kill");
        using var second = StartSleeperIn("m-kill");
        try
        {
            Assert.Equal("2 tasks signalled\n", Ok("kill", "-s", "KILL", "-v", "m-kill").Stdout);
            Assert.True(first.WaitForExit(10_000) && second.WaitForExit(10_000), "the tasks survived SIGKILL");
            Assert.Equal(128 + 9, first.ExitCode);

            using var third = StartSleeperIn("m-kill");
            try
            {
                Assert.Equal(1, JsonDocument.Parse(Ok("--json", "kill", "m-kill").Stdout).RootElement.GetProperty("signalled").GetInt32());
                Assert.True(third.WaitForExit(10_000), "the task survived SIGTERM");
                Assert.Equal(128 + 15, third.ExitCode); // TERM by default
                Assert.Equal("", Ok("kill", "m-kill").Stdout); // silent without -v, and nothing left to signal
            }
            finally
            {
                Reap(third);
            }
        }
        finally
        {
            Reap(first);
            Reap(second);
        }
    }

    [SandboxFact]
    public async Task Watch_prints_populated_false_when_the_last_task_exits()
    {
        Ok("create", "all", "m-watch");
        using var sleeper = StartSleeperIn("m-watch");
        using var watch = StartInside([TestPaths.Cgm, "--socket", _sb.SocketPath, "watch", "--count", "1", "-v", "m-watch", "populated"]);
        var stdout = watch.StandardOutput.ReadToEndAsync();
        var stderr = new StringBuilder();
        using var inPlace = new ManualResetEventSlim();
        watch.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("cgm watch: watching m-watch for populated", StringComparison.Ordinal) == true)
            {
                inPlace.Set();
            }
        };
        watch.BeginErrorReadLine();
        try
        {
            Assert.True(inPlace.Wait(TimeSpan.FromSeconds(20)), $"the watch was not in place in time: {stderr}");
            Reap(sleeper);
            Assert.True(watch.WaitForExit(20_000), $"no event within 20 s; stderr: {stderr}\ndaemon log:\n{Tail(_sb.DaemonLog)}");
            watch.WaitForExit();
            Assert.True(watch.ExitCode == 0, $"exit {watch.ExitCode}; stderr: {stderr}");
            Assert.Equal("m-watch populated false\n", await stdout);
        }
        finally
        {
            Reap(watch);
            Reap(sleeper);
        }
    }

    [SandboxFact]
    public async Task Watch_with_json_prints_one_object_per_event_and_refuses_unknown_events()
    {
        Ok("create", "all", "m-watchj");
        using var sleeper = StartSleeperIn("m-watchj");
        try
        {
            Ok("freeze", "m-watchj");
            using var watch = StartInside([TestPaths.Cgm, "--socket", _sb.SocketPath, "--json", "watch", "--count", "1", "m-watchj", "frozen"]);
            var stdout = watch.StandardOutput.ReadToEndAsync();
            try
            {
                // the watch samples the current state first; a thaw after it is in place is the event
                var clock = Stopwatch.StartNew();
                while (!watch.WaitForExit(300) && clock.Elapsed < TimeSpan.FromSeconds(20))
                {
                    Ok(clock.Elapsed.TotalSeconds % 2 < 1 ? "thaw" : "freeze", "m-watchj");
                }

                Assert.True(watch.HasExited, "no frozen event within 20 s");
                Assert.Equal(0, watch.ExitCode);
                var e = JsonDocument.Parse(await stdout).RootElement;
                Assert.Equal("m-watchj", e.GetProperty("cgroup").GetString());
                Assert.Equal("frozen", e.GetProperty("event").GetString());
                Assert.Equal(JsonValueKind.False, e.GetProperty("value").ValueKind);
            }
            finally
            {
                Reap(watch);
            }

            var refused = _sb.Cgm("watch", "m-watchj", "bogus");
            Assert.Equal(1, refused.ExitCode);
            Assert.Equal("cgm watch: invalid argument: unknown event 'bogus'; known: populated frozen oom_kill max\n", refused.Stderr);
        }
        finally
        {
            Ok("thaw", "m-watchj");
            Reap(sleeper);
        }
    }

    /// <summary>A process of ours inside the sandbox (cgsandbox run execs it, so the pid is the command's).</summary>
    private Process StartInside(IEnumerable<string> command)
    {
        var start = new ProcessStartInfo(TestPaths.Cgsandbox)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string arg in new[] { "run", _sb.Name, "--" }.Concat(command))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary>A sleep of ours, moved into <paramref name="cgroup"/> in every hierarchy.</summary>
    private Process StartSleeperIn(string cgroup)
    {
        var process = StartInside(["sleep", "1000"]);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!File.ReadAllText($"/proc/{process.Id}/comm").StartsWith("sleep", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(10);
        }

        Ok("movepid", "all", cgroup, process.Id.ToString());
        return process;
    }

    /// <summary>Kills a process this test started (if still running) and waits for it.</summary>
    private static void Reap(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }
    }
}
