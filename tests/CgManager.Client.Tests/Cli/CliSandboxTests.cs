using System.Diagnostics;
using System.Text.Json;
using CgManager.Client.Tests.Infrastructure;
using CgManager.Client.Tests.Library;
using CgManager.Linux;

namespace CgManager.Client.Tests.Cli;

/// <summary>
/// The real <c>cgm</c> binary against the real daemon, run from inside the sandbox: stdout, stderr, exit code,
/// and the effect on the cgroup filesystem. Output formats are those of the old client (spec §8), literally.
/// Each test works on cgroups of its own name.
/// </summary>
public sealed class CliSandboxTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
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

    private static void AssertFails(RunResult result, string stderrStart)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.True(result.Stderr.StartsWith(stderrStart, StringComparison.Ordinal), $"expected stderr to start with '{stderrStart}': {result}");
        Assert.EndsWith("\n", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    private static JsonElement Json(RunResult result) => JsonDocument.Parse(result.Stdout).RootElement;

    private static string[] Lines(RunResult result) => result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [SandboxFact]
    public void Ping_prints_nothing_and_succeeds() => Assert.Equal("", Ok("ping").Stdout);

    [SandboxFact]
    public void Apiversion_prints_10_plain_and_as_json()
    {
        Assert.Equal("10\n", Ok("apiversion").Stdout);
        Assert.Equal(10, Json(Ok("apiversion", "--json")).GetProperty("api_version").GetInt32());
    }

    [SandboxFact]
    public void Listcontrollers_prints_one_hierarchy_per_line_and_json_matches()
    {
        string[] lines = Lines(Ok("listcontrollers"));
        Assert.Contains("memory", lines);
        Assert.Contains("name=systemd", lines);
        Assert.Equal(lines, Json(Ok("--json", "listcontrollers")).GetProperty("controllers").EnumerateArray().Select(e => e.GetString()!));
    }

    [SandboxFact]
    public void Create_makes_the_directory_and_says_Path_existed_the_second_time()
    {
        Assert.Equal("", Ok("create", "memory", "cli-create").Stdout);
        Assert.True(Directory.Exists(_sb.HostPath("memory", "cli-create")));
        Assert.Equal("Path existed\n", Ok("create", "memory", "cli-create").Stdout);
        Assert.True(Json(Ok("create", "memory", "cli-create", "--json")).GetProperty("existed").GetBoolean());
        Assert.False(Json(Ok("create", "memory", "cli-create-2", "--json")).GetProperty("existed").GetBoolean());
    }

    [SandboxFact]
    public void Create_with_an_invalid_name_fails_with_the_stub_name_and_the_daemons_reason()
    {
        AssertFails(_sb.Cgm("create", "memory", "../escape"), "call to cgmanager_create_sync failed: invalid cgroup name:");
        Assert.False(Directory.Exists(Path.Combine(_sb.HostPath("memory"), "..", "escape")));
    }

    [SandboxFact]
    public void Create_by_an_unprivileged_user_under_a_root_owned_cgroup_is_permission_denied()
    {
        AssertFails(_sb.CgmAsNobody("create", "memory", "cli-nobody"), "call to cgmanager_create_sync failed: permission denied:");
        Assert.False(Directory.Exists(_sb.HostPath("memory", "cli-nobody")));
    }

    [SandboxFact]
    public void Chown_gives_the_cgroup_away_and_refuses_bad_ids_before_calling()
    {
        Ok("create", "memory", "cli-chown");
        Assert.Equal("", Ok("chown", "memory", "cli-chown", "1000", "1001").Stdout);
        var status = Sys.Stat(_sb.HostPath("memory", "cli-chown"));
        Assert.Equal((1000u, 1001u), (status.Uid, status.Gid));
        Assert.Equal(1000u, Sys.Stat(Path.Combine(_sb.HostPath("memory", "cli-chown"), "tasks")).Uid);
        AssertFails(_sb.Cgm("chown", "memory", "cli-chown", "-1", "0"), "Bad uid or gid");
        AssertFails(_sb.Cgm("chown", "memory", "cli-chown", "0", "2147483647"), "Bad uid or gid");
    }

    [SandboxFact]
    public void Chmod_and_chmodfile_take_octal_modes()
    {
        Ok("create", "memory", "cli-chmod");
        Ok("chmod", "memory", "cli-chmod", "775");
        Assert.Equal(Convert.ToUInt32("775", 8), Sys.Stat(_sb.HostPath("memory", "cli-chmod")).Mode & 0xFFF);
        Ok("chmodfile", "memory", "cli-chmod", "tasks", "666");
        Assert.Equal(Convert.ToUInt32("666", 8), Sys.Stat(Path.Combine(_sb.HostPath("memory", "cli-chmod"), "tasks")).Mode & 0xFFF);
        AssertFails(_sb.Cgm("chmod", "memory", "cli-chmod", "789"), "Bad uid or gid");
    }

    [SandboxFact]
    public void Setvalue_writes_the_file_and_getvalue_prints_it_plain_and_as_json()
    {
        Ok("create", "memory", "cli-value");
        Assert.Equal("", Ok("setvalue", "memory", "cli-value", "memory.limit_in_bytes", "256M").Stdout);
        Assert.Equal("268435456\n", File.ReadAllText(Path.Combine(_sb.HostPath("memory", "cli-value"), "memory.limit_in_bytes")));
        Assert.Equal("268435456\n", Ok("getvalue", "memory", "cli-value", "memory.limit_in_bytes").Stdout);
        Assert.Equal("268435456", Json(Ok("getvalue", "memory", "cli-value", "memory.limit_in_bytes", "--json")).GetProperty("value").GetString());
        AssertFails(_sb.Cgm("getvalue", "memory", "cli-nonexistent", "memory.limit_in_bytes"), "call to cgmanager_get_value_sync failed: no such cgroup:");
        AssertFails(_sb.Cgm("setvalue", "memory", "cli-value", "tasks", "1"), "call to cgmanager_set_value_sync failed: ");
    }

    [SandboxFact]
    public void Listkeys_prints_name_uid_gid_and_octal_mode_and_json_matches()
    {
        Ok("create", "memory", "cli-keys");
        string[] lines = Lines(Ok("listkeys", "memory", "cli-keys"));
        Assert.Contains("tasks 0 0 100644", lines);
        Assert.Contains("memory.limit_in_bytes 0 0 100644", lines);
        var keys = Json(Ok("listkeys", "memory", "cli-keys", "--json")).GetProperty("keys").EnumerateArray()
            .Select(k => $"{k.GetProperty("name").GetString()} {k.GetProperty("uid").GetUInt32()} {k.GetProperty("gid").GetUInt32()} {k.GetProperty("mode_octal").GetString()}");
        Assert.Equal(lines, keys);
    }

    [SandboxFact]
    public void Listchildren_prints_one_name_per_line_and_fails_for_a_missing_cgroup()
    {
        Ok("create", "memory", "cli-kids/a");
        Ok("create", "memory", "cli-kids/b");
        string[] lines = Lines(Ok("listchildren", "memory", "cli-kids"));
        Assert.Equal(["a", "b"], lines.Order());
        Assert.Equal(lines, Json(Ok("--json", "listchildren", "memory", "cli-kids")).GetProperty("children").EnumerateArray().Select(e => e.GetString()!));
        AssertFails(_sb.Cgm("listchildren", "memory", "cli-kids/none"), "call to cgmanager_list_children_sync failed: no such cgroup:");
    }

    [SandboxFact]
    public void Movepid_gettasks_getpidcgroup_and_movepidabs_agree_with_the_filesystem()
    {
        Ok("create", "memory", "cli-move/inner");
        using var sleeper = StartSleeperInside();
        try
        {
            string pid = sleeper.Id.ToString();
            Assert.Equal("", Ok("movepid", "memory", "cli-move/inner", pid).Stdout);
            Assert.Contains(pid, File.ReadAllLines(Path.Combine(_sb.HostPath("memory", "cli-move/inner"), "cgroup.procs")));
            Assert.Equal(pid + "\n", Ok("gettasks", "memory", "cli-move/inner").Stdout);
            Assert.Equal([sleeper.Id], Json(Ok("gettasks", "memory", "cli-move/inner", "--json")).GetProperty("pids").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Contains(pid, Lines(Ok("gettasksrecursive", "memory", "cli-move")));
            Assert.Equal("cli-move/inner\n", Ok("getpidcgroup", "memory", pid).Stdout);
            Assert.Equal("cli-move/inner", Json(Ok("getpidcgroup", "memory", pid, "--json")).GetProperty("cgroup").GetString());
            Assert.Equal("/cli-move/inner\n", Ok("getpidcgroupabs", "memory", pid).Stdout);
            Ok("movepidabs", "memory", "/cli-move", pid);
            Assert.Contains(pid, File.ReadAllLines(Path.Combine(_sb.HostPath("memory", "cli-move"), "cgroup.procs")));
            AssertFails(_sb.Cgm("movepid", "memory", "/cli-move", pid), "call to cgmanager_move_pid_sync failed: ");
            AssertFails(_sb.CgmAsNobody("movepid", "memory", "cli-move/inner", pid), "call to cgmanager_move_pid_sync failed: permission denied:");
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [SandboxFact]
    public void Remove_is_recursive_unless_told_0_and_says_Path_did_not_exist()
    {
        Ok("create", "memory", "cli-rm/a/b");
        AssertFails(_sb.Cgm("remove", "memory", "cli-rm", "0"), "call to cgmanager_remove_sync failed: ");
        Assert.True(Directory.Exists(_sb.HostPath("memory", "cli-rm/a/b")));
        Assert.Equal("", Ok("remove", "memory", "cli-rm").Stdout);
        Assert.False(Directory.Exists(_sb.HostPath("memory", "cli-rm")));
        Assert.Equal("Path did not exist\n", Ok("remove", "memory", "cli-rm").Stdout);
        Assert.False(Json(Ok("remove", "-r", "memory", "cli-rm", "--json")).GetProperty("existed").GetBoolean());
    }

    [SandboxFact]
    public void Prune_removes_empty_cgroups_below()
    {
        Ok("create", "memory", "cli-prune/x/y");
        Assert.Equal("", Ok("prune", "memory", "cli-prune/x").Stdout);
        Assert.False(Directory.Exists(_sb.HostPath("memory", "cli-prune/x")));
    }

    [SandboxFact]
    public void Removeonempty_removes_an_empty_v2_cgroup()
    {
        Ok("create", "unified", "cli-roe");
        Assert.Equal("", Ok("removeonempty", "unified", "cli-roe").Stdout);
        var clock = Stopwatch.StartNew();
        while (Directory.Exists(_sb.HostPath("unified", "cli-roe")) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(20);
        }

        Assert.False(Directory.Exists(_sb.HostPath("unified", "cli-roe")));
    }

    [SandboxFact]
    public void Exec_runs_the_command_in_the_target_cgroup()
    {
        Ok("create", "memory", "cli-exec");
        var result = Ok("exec", "memory", "cli-exec", "--", "cat", "/proc/self/cgroup");
        string memoryLine = result.Stdout.Split('\n').Single(l => l.Split(':').ElementAtOrDefault(1) == "memory");
        Assert.EndsWith($"/{_sb.Name}/cli-exec", memoryLine);
    }

    [SandboxFact]
    public void Exec_of_a_missing_command_exits_127()
    {
        Ok("create", "memory", "cli-exec-missing");
        var result = _sb.Cgm("exec", "memory", "cli-exec-missing", "--", "/nonexistent/command");
        Assert.Equal(127, result.ExitCode);
        Assert.Equal("cgm exec: cannot run '/nonexistent/command': No such file or directory\n", result.Stderr);
    }

    [SandboxFact]
    public void Tree_shows_the_subtree_indented_with_task_counts_and_json_matches()
    {
        Ok("create", "memory", "cli-tree/a/b");
        Ok("create", "memory", "cli-tree/c");
        Assert.Equal("memory:cli-tree (0 tasks)\n  a (0 tasks)\n    b (0 tasks)\n  c (0 tasks)\n", Ok("tree", "memory", "cli-tree").Stdout);
        var tree = Json(Ok("tree", "memory", "cli-tree", "--json")).GetProperty("trees")[0];
        Assert.Equal("memory", tree.GetProperty("controller").GetString());
        Assert.Equal(["a", "c"], tree.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
        Assert.Equal("b", tree.GetProperty("children")[0].GetProperty("children")[0].GetProperty("name").GetString());
    }

    [SandboxFact]
    public void Scm_always_gives_the_same_output_as_plain_calls()
    {
        Ok("create", "memory", "cli-scm");
        Assert.Equal("Path existed\n", Ok("--scm", "always", "create", "memory", "cli-scm").Stdout);
        Assert.Equal(Ok("listkeys", "memory", "cli-scm").Stdout, Ok("--scm=always", "listkeys", "memory", "cli-scm").Stdout);
        AssertFails(_sb.Cgm("--scm", "always", "create", "memory", "../x"), "call to cgmanager_create_scm_sync failed: CreateScm: the cgroup manager refused");
    }

    /// <summary>A sleep inside the sandbox: cgsandbox run execs it, so the pid we hold is the sleep's.</summary>
    private Process StartSleeperInside()
    {
        var start = new ProcessStartInfo(TestPaths.Cgsandbox) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string arg in new[] { "run", _sb.Name, "--", "sleep", "1000" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        while (!File.ReadAllText($"/proc/{process.Id}/comm").StartsWith("sleep", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(10);
        }

        return process;
    }
}
