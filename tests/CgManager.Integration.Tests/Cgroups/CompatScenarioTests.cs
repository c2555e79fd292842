using CgManager.Integration.Tests.Sandbox;
using CgManager.Linux;

namespace CgManager.Integration.Tests.Cgroups;

/// <summary>
/// The scenarios of the original cgmanager test suite, one test each, as multi-step sessions the way its shell
/// scripts ran them (create, getvalue, movepid, chown, chmodfile, remove, gettasks, gettasksrecursive,
/// listchildren, listcontrollers, listkeys, prune, removeonempty, api_version, escape). Mostly through busctl,
/// the closest to the scripts' command-line client.
/// </summary>
public sealed class CompatScenarioTests : IClassFixture<SandboxFixture>
{
    private const Client Cli = Client.Busctl;
    private static int s_unique;
    private readonly CgroupSandbox _sb;

    public CompatScenarioTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private static string Unique(string stem) => $"compat-{stem}-{Interlocked.Increment(ref s_unique)}";

    [Fact]
    public void Scenario_create_makes_nested_cgroups_in_one_and_in_all_controllers()
    {
        string name = Unique("create");
        Assert.Equal("-1", _sb.Ok(Cli, "Create", "memory", $"{name}/b").Value);
        Assert.True(Directory.Exists(_sb.HostPath("memory", $"{name}/b")));
        Assert.Equal("1", _sb.Ok(Cli, "Create", "memory", $"{name}/b").Value);
        _sb.Ok(Cli, "Create", "all", name + "-all");
        Assert.All(_sb.Dirs.Keys, h => Assert.True(Directory.Exists(_sb.HostPath(h, name + "-all")), h));
    }

    [Fact]
    public void Scenario_getvalue_reads_what_setvalue_wrote()
    {
        string name = Unique("getvalue");
        _sb.Create("memory", name);
        _sb.Ok(Cli, "SetValue", "memory", name, "memory.limit_in_bytes", "134217728");
        Assert.Equal("134217728", _sb.Ok(Cli, "GetValue", "memory", name, "memory.limit_in_bytes").Value);
        Assert.Equal("134217728", File.ReadAllText(Path.Combine(_sb.HostPath("memory", name), "memory.limit_in_bytes")).Trim());
    }

    [Fact]
    public void Scenario_movepid_moves_a_task_there_and_back()
    {
        string name = Unique("movepid");
        _sb.Create("memory", name);
        using var task = _sb.StartTask();
        _sb.Ok(Cli, "MovePid", "memory", name, task.PidText);
        Assert.Equal(name, _sb.Ok(Cli, "GetPidCgroup", "memory", task.PidText).Value);
        Assert.Equal("/" + name, task.CgroupIn("memory"));
        _sb.Ok(Cli, "MovePid", "memory", "", task.PidText);
        Assert.Equal("/", task.CgroupIn("memory"));
    }

    [Fact]
    public void Scenario_chown_lets_the_new_owner_create_and_move_its_own_tasks()
    {
        string name = Unique("chown");
        _sb.Create("memory", name);
        _sb.Ok(Cli, "Chown", "memory", name, "1000", "1000");
        string dir = _sb.HostPath("memory", name);
        Assert.Equal(1000u, Sys.Stat(dir).Uid);
        Assert.Equal(1000u, Sys.Stat(Path.Combine(dir, "tasks")).Uid);
        Assert.Equal(1000u, Sys.Stat(Path.Combine(dir, "cgroup.procs")).Uid);
        var user = Identity.User(1000, 1000);
        Assert.True(_sb.CallAs(user, Cli, "Create", "memory", $"{name}/mine").Ok);
        using var own = _sb.StartTask(user);
        Assert.True(_sb.CallAs(user, Cli, "MovePid", "memory", $"{name}/mine", own.PidText).Ok);
        Assert.Equal($"/{name}/mine", own.CgroupIn("memory"));
    }

    [Fact]
    public void Scenario_chmodfile_opens_a_file_to_other_users()
    {
        string name = Unique("chmodfile");
        _sb.Create("memory", name);
        _sb.Ok(Cli, "Chmod", "memory", name, "memory.limit_in_bytes", Convert.ToInt32("666", 8).ToString());
        Assert.Equal("666", Convert.ToString(Sys.Stat(Path.Combine(_sb.HostPath("memory", name), "memory.limit_in_bytes")).Permissions, 8));
        _sb.Ok(Cli, "Chmod", "memory", name, "", Convert.ToInt32("777", 8).ToString());
        var user = Identity.User(1001, 1001);
        var set = _sb.CallAs(user, Cli, "SetValue", "memory", "/" + name, "memory.limit_in_bytes", "67108864");
        Assert.True(set.Ok, set.ToString());
        Assert.Equal("67108864", File.ReadAllText(Path.Combine(_sb.HostPath("memory", name), "memory.limit_in_bytes")).Trim());
    }

    [Fact]
    public void Scenario_remove_non_recursive_then_recursive()
    {
        string name = Unique("remove");
        _sb.Create("memory", $"{name}/b/c");
        Assert.False(_sb.Call(Cli, "Remove", "memory", name, "0").Ok);
        Assert.True(Directory.Exists(_sb.HostPath("memory", $"{name}/b/c")));
        Assert.Equal("1", _sb.Ok(Cli, "Remove", "memory", $"{name}/b/c", "0").Value);
        Assert.Equal("1", _sb.Ok(Cli, "Remove", "memory", name, "1").Value);
        Assert.False(Directory.Exists(_sb.HostPath("memory", name)));
        Assert.Equal("-1", _sb.Ok(Cli, "Remove", "memory", name, "1").Value);
    }

    [Fact]
    public void Scenario_gettasks_and_gettasksrecursive()
    {
        string name = Unique("tasks");
        _sb.Create("memory", $"{name}/sub");
        using var top = _sb.StartTask(inCgroup: name);
        using var sub = _sb.StartTask(inCgroup: $"{name}/sub");
        Assert.Equal([top.PidText], _sb.Ok(Cli, "GetTasks", "memory", name).Values);
        Assert.Equal(new[] { top.Pid, sub.Pid }.Order().Select(p => p.ToString()), _sb.Ok(Cli, "GetTasksRecursive", "memory", name).Values);
    }

    [Fact]
    public void Scenario_listchildren_and_a_missing_cgroup()
    {
        string name = Unique("children");
        _sb.Create("memory", $"{name}/x");
        _sb.Create("memory", $"{name}/y");
        Assert.Equal(["x", "y"], _sb.Ok(Cli, "ListChildren", "memory", name).Values.Order());
        Assert.False(_sb.Call(Cli, "ListChildren", "memory", name + "/nope").Ok);
    }

    [Fact]
    public void Scenario_listcontrollers_includes_memory_and_the_named_systemd_hierarchy()
    {
        var controllers = _sb.Ok(Cli, "ListControllers").Values;
        Assert.Contains("memory", controllers);
        Assert.Contains("name=systemd", controllers);
        Assert.Equal(controllers.Count, controllers.Distinct().Count());
    }

    [Fact]
    public void Scenario_listkeys_shows_limit_files_with_their_modes()
    {
        string name = Unique("listkeys");
        _sb.Create("memory", name);
        var keys = _sb.Ok(Cli, "ListKeys", "memory", name).Values;
        var limit = Sys.Stat(Path.Combine(_sb.HostPath("memory", name), "memory.limit_in_bytes"));
        Assert.Contains($"memory.limit_in_bytes {limit.Uid} {limit.Gid} {limit.Mode}", keys);
        Assert.Equal(Directory.GetFiles(_sb.HostPath("memory", name)).Length, keys.Count);
    }

    [Fact]
    public void Scenario_prune_removes_the_empty_tree()
    {
        string name = Unique("prune");
        _sb.Create("memory", $"{name}/a/b");
        _sb.Create("memory", $"{name}/c");
        _sb.Ok(Cli, "Prune", "memory", name);
        Assert.False(Directory.Exists(_sb.HostPath("memory", $"{name}/a")));
        Assert.False(Directory.Exists(_sb.HostPath("memory", $"{name}/c")));
    }

    [Fact]
    public void Scenario_removeonempty_removes_the_cgroup_when_its_task_exits()
    {
        string name = Unique("roe");
        _sb.Create("memory", name);
        var task = _sb.StartTask(inCgroup: name);
        _sb.Ok(Cli, "RemoveOnEmpty", "memory", name);
        task.Dispose();
        Assert.True(CgroupSandbox.Eventually(() => !Directory.Exists(_sb.HostPath("memory", name)), TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Scenario_api_version_is_10()
    {
        Assert.Equal("10", _sb.Ok(Cli, "api_version").Value);
    }

    [Fact]
    public void Scenario_escape_moves_a_task_from_a_child_up_to_the_root_with_MovePidAbs()
    {
        string name = Unique("escape");
        _sb.Create("memory", name);
        using var task = _sb.StartTask(inCgroup: name);
        var result = _sb.CallAsIn(Identity.Root, name, Cli, "MovePidAbs", "memory", "/", task.PidText);
        Assert.True(result.Ok, result.ToString());
        Assert.Equal("/", task.CgroupIn("memory"));
        Assert.Equal("/", _sb.Ok(Cli, "GetPidCgroupAbs", "memory", task.PidText).Value);
    }
}
