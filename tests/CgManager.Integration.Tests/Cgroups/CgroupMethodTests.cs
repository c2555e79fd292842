using CgManager.Integration.Tests.Sandbox;
using CgManager.Linux;

namespace CgManager.Integration.Tests.Cgroups;

/// <summary>
/// Every plain method of spec §3 as host root, through busctl, dbus-python and our TestClient, with the effect
/// checked on the real cgroup filesystem. One sandbox and daemon for the class; each test uses its own cgroup names.
/// </summary>
public sealed class CgroupMethodTests : IClassFixture<SandboxFixture>
{
    private static int s_unique;
    private readonly CgroupSandbox _sb;

    public CgroupMethodTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    public static TheoryData<Client> Clients => [Client.Busctl, Client.DbusPython, Client.TestClient];

    private static string Unique(string stem, Client client) => $"{stem}-{client}-{Interlocked.Increment(ref s_unique)}".ToLowerInvariant();

    private static string Octal(uint mode) => Convert.ToString(mode, 8);

    [Theory, MemberData(nameof(Clients))]
    public void Ping_succeeds_with_no_values(Client client)
    {
        Assert.Empty(_sb.Ok(client, "Ping", "0").Values);
    }

    [Theory, MemberData(nameof(Clients))]
    public void Api_version_is_10(Client client)
    {
        Assert.Equal("10", _sb.Ok(client, "api_version").Value);
    }

    [Theory, MemberData(nameof(Clients))]
    public void ListControllers_names_each_mounted_hierarchy_with_controllers_once(Client client)
    {
        // As 0.42: the v2 hierarchy only when it has controllers (under the sandbox's namespace it has none).
        var expected = _sb.Dirs.Keys.Select(h => h switch { "systemd" => "name=systemd", "unified" => UnifiedName, _ => h })
            .Where(h => h != "unified").Order();
        Assert.Equal(expected, _sb.Ok(client, "ListControllers").Values.Order());
    }

    /// <summary>
    /// 0.42's tests/test23.sh: every name ListControllers gives must be found in the caller's /proc/self/cgroup (a v1
    /// line's controllers, <c>name=X</c>), or be the v2 hierarchy's own controllers. A bare <c>unified</c> entry
    /// failed it with "Bad controller: unified".
    /// </summary>
    [Fact]
    public void Every_listed_controller_is_found_in_proc_self_cgroup_as_old_scripts_check()
    {
        string[] v2 = File.ReadAllText(Path.Combine(_sb.HostPath("unified"), "cgroup.controllers")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var v1 = File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(':')).Where(f => f.Length >= 3 && f[0] != "0")
            .SelectMany(f => f[1].Split(',')).ToHashSet(StringComparer.Ordinal);
        foreach (string entry in _sb.Ok(Client.TestClient, "ListControllers").Values)
        {
            Assert.All(entry.Split(','), c => Assert.True(v1.Contains(c) || v2.Contains(c), $"Bad controller: {c} (entry '{entry}')"));
        }
    }

    [Theory, MemberData(nameof(Clients))]
    public void Create_makes_a_root_owned_0755_directory_and_reports_created_then_existed(Client client)
    {
        string name = Unique("create", client);
        Assert.Equal("-1", _sb.Ok(client, "Create", "memory", name).Value);
        var status = Sys.Stat(_sb.HostPath("memory", name));
        Assert.True(status.IsDirectory);
        Assert.Equal((0u, 0u, "755"), (status.Uid, status.Gid, Octal(status.Permissions)));
        Assert.Equal("1", _sb.Ok(client, "Create", "memory", name).Value);
    }

    [Theory, MemberData(nameof(Clients))]
    public void Create_walks_every_component_and_reports_created_for_the_last(Client client)
    {
        string name = Unique("walk", client);
        _sb.Create("memory", name);
        Assert.Equal("-1", _sb.Ok(client, "Create", "memory", $"{name}/a/b").Value);
        Assert.True(Directory.Exists(_sb.HostPath("memory", $"{name}/a/b")));
    }

    [Theory, MemberData(nameof(Clients))]
    public void Create_with_a_list_makes_the_cgroup_in_each_named_hierarchy(Client client)
    {
        string name = Unique("list", client);
        Assert.Equal("-1", _sb.Ok(client, "Create", "memory,pids", name).Value);
        Assert.True(Directory.Exists(_sb.HostPath("memory", name)));
        Assert.True(Directory.Exists(_sb.HostPath("pids", name)));
        Assert.False(Directory.Exists(_sb.HostPath("cpu", name)));
    }

    /// <summary>
    /// How the v2 hierarchy is named: by the controllers available at the daemon's root, or "unified" when there are
    /// none (and then ListControllers leaves it out). Under the sandbox's cgroup namespace that root is the sandbox, where the host enables none (the host root
    /// itself offers hugetlb).
    /// </summary>
    private string UnifiedName =>
        File.ReadAllText(Path.Combine(_sb.HostPath("unified"), "cgroup.controllers")).Trim().Replace(' ', ',') is { Length: > 0 } c ? c : "unified";

    [Fact]
    public void Create_on_the_unified_hierarchy_accepts_the_token_unified_and_the_name_it_is_listed_by()
    {
        foreach (string controller in new[] { "unified", UnifiedName })
        {
            string name = Unique("v2-" + controller, Client.TestClient);
            Assert.Equal("-1", _sb.Ok(Client.TestClient, "Create", controller, name).Value);
            Assert.True(File.Exists(Path.Combine(_sb.HostPath("unified", name), "cgroup.procs")));
        }
    }

    [Fact]
    public void Create_all_makes_the_cgroup_in_every_hierarchy()
    {
        string name = Unique("all", Client.TestClient);
        _sb.Ok(Client.TestClient, "Create", "all", name);
        Assert.All(_sb.Dirs.Keys, h => Assert.True(Directory.Exists(_sb.HostPath(h, name)), $"missing in {h}"));
    }

    [Theory, MemberData(nameof(Clients))]
    public void Chown_gives_the_directory_and_its_task_files_and_nothing_else(Client client)
    {
        string name = Unique("chown", client);
        _sb.Create("memory", name);
        _sb.Ok(client, "Chown", "memory", name, "1000", "1001");
        string dir = _sb.HostPath("memory", name);
        foreach (string given in new[] { dir, Path.Combine(dir, "tasks"), Path.Combine(dir, "cgroup.procs") })
        {
            var status = Sys.Stat(given);
            Assert.True((status.Uid, status.Gid) == (1000u, 1001u), $"{given} is {status.Uid}:{status.Gid}");
        }

        var limit = Sys.Stat(Path.Combine(dir, "memory.limit_in_bytes"));
        Assert.Equal((0u, 0u), (limit.Uid, limit.Gid));
    }

    [Fact]
    public void Chown_on_the_unified_hierarchy_gives_the_delegation_files()
    {
        string name = Unique("chown-v2", Client.TestClient);
        _sb.Create("unified", name);
        _sb.Ok(Client.TestClient, "Chown", "unified", name, "1000", "1000");
        string dir = _sb.HostPath("unified", name);
        Assert.Equal(1000u, Sys.Stat(dir).Uid);
        foreach (string file in File.ReadAllLines("/sys/kernel/cgroup/delegate").Where(f => File.Exists(Path.Combine(dir, f))))
        {
            Assert.True(Sys.Stat(Path.Combine(dir, file)).Uid == 1000u, $"{file} was not given away");
        }

        Assert.Equal(0u, Sys.Stat(Path.Combine(dir, "cgroup.type")).Uid);
    }

    [Theory, MemberData(nameof(Clients))]
    public void Chmod_sets_the_mode_of_the_directory_and_of_a_file(Client client)
    {
        string name = Unique("chmod", client);
        _sb.Create("memory", name);
        _sb.Ok(client, "Chmod", "memory", name, "", Convert.ToInt32("775", 8).ToString());
        _sb.Ok(client, "Chmod", "memory", name, "tasks", Convert.ToInt32("666", 8).ToString());
        Assert.Equal("775", Octal(Sys.Stat(_sb.HostPath("memory", name)).Permissions));
        Assert.Equal("666", Octal(Sys.Stat(Path.Combine(_sb.HostPath("memory", name), "tasks")).Permissions));
    }

    [Theory, MemberData(nameof(Clients))]
    public void MovePid_moves_the_task_and_proc_shows_its_new_cgroup(Client client)
    {
        string name = Unique("move", client);
        _sb.Create("memory", name);
        using var task = _sb.StartTask();
        Assert.Equal("/", task.CgroupIn("memory"));
        _sb.Ok(client, "MovePid", "memory", name, task.PidText);
        Assert.Equal("/" + name, task.CgroupIn("memory"));
        Assert.Equal("/", task.CgroupIn("pids"));
    }

    [Fact]
    public void MovePid_on_the_unified_hierarchy_moves_the_task_into_the_cgroup()
    {
        string name = Unique("move-v2", Client.TestClient);
        _sb.Create("unified", name);
        using var task = _sb.StartTask();
        _sb.Ok(Client.TestClient, "MovePid", "unified", name, task.PidText);
        Assert.Contains(task.CgroupIn("unified"), new[] { "/" + name, $"/{name}/.cgm_leaf" });
        Assert.Equal(name, _sb.Ok(Client.TestClient, "GetPidCgroup", "unified", task.PidText).Value);
    }

    [Theory, MemberData(nameof(Clients))]
    public void MovePidAbs_as_host_root_escapes_a_task_to_another_branch(Client client)
    {
        string name = Unique("escape", client);
        _sb.Create("memory", $"{name}/from");
        _sb.Create("memory", $"{name}/to");
        using var task = _sb.StartTask(inCgroup: $"{name}/from");
        Assert.Equal($"/{name}/from", task.CgroupIn("memory"));
        _sb.Ok(client, "MovePidAbs", "memory", $"/{name}/to", task.PidText);
        Assert.Equal($"/{name}/to", task.CgroupIn("memory"));
    }

    [Theory, MemberData(nameof(Clients))]
    public void GetPidCgroup_is_relative_without_a_slash_and_GetPidCgroupAbs_absolute_with_one(Client client)
    {
        string name = Unique("pidcg", client);
        _sb.Create("memory", $"{name}/sub");
        using var atRoot = _sb.StartTask();
        using var below = _sb.StartTask(inCgroup: $"{name}/sub");
        Assert.Equal("/", _sb.Ok(client, "GetPidCgroup", "memory", atRoot.PidText).Value);
        Assert.Equal("/", _sb.Ok(client, "GetPidCgroupAbs", "memory", atRoot.PidText).Value);
        Assert.Equal($"{name}/sub", _sb.Ok(client, "GetPidCgroup", "memory", below.PidText).Value);
        Assert.Equal($"/{name}/sub", _sb.Ok(client, "GetPidCgroupAbs", "memory", below.PidText).Value);
    }

    [Theory, MemberData(nameof(Clients))]
    public void GetValue_returns_the_file_without_its_trailing_newline(Client client)
    {
        string name = Unique("get", client);
        _sb.Create("memory", name);
        string dir = _sb.HostPath("memory", name);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "memory.limit_in_bytes")).TrimEnd('\n'),
            _sb.Ok(client, "GetValue", "memory", name, "memory.limit_in_bytes").Value);
        string multiLine = File.ReadAllText(Path.Combine(dir, "memory.oom_control"));
        Assert.Contains('\n', multiLine.TrimEnd('\n'));
        Assert.Equal(multiLine.TrimEnd('\n'), _sb.Ok(client, "GetValue", "memory", name, "memory.oom_control").Value);
    }

    [Theory, MemberData(nameof(Clients))]
    public void SetValue_writes_the_limit_into_the_cgroup_file(Client client)
    {
        string name = Unique("set", client);
        _sb.Create("memory", name);
        _sb.Ok(client, "SetValue", "memory", name, "memory.limit_in_bytes", "67108864");
        Assert.Equal("67108864", File.ReadAllText(Path.Combine(_sb.HostPath("memory", name), "memory.limit_in_bytes")).Trim());
        Assert.Equal("67108864", _sb.Ok(client, "GetValue", "memory", name, "memory.limit_in_bytes").Value);
    }

    [Fact]
    public void A_key_that_does_not_exist_is_invalid_for_reads_and_writes_and_its_name_is_given()
    {
        string name = Unique("no-key", Client.TestClient);
        _sb.Create("memory", name);
        foreach (var (cgroup, label) in new[] { ("", "memory:/memory.nonexistent"), (name, $"memory:/{name}/memory.nonexistent") })
        {
            foreach (var call in new[] { new[] { "GetValue", "memory", cgroup, "memory.nonexistent" },
                         new[] { "SetValue", "memory", cgroup, "memory.nonexistent", "5" },
                         new[] { "SetValue", "memory", cgroup, "memory.nonexistent", "" } })
            {
                var result = _sb.Call(Client.TestClient, call[0], call[1..]);
                Assert.False(result.Ok, result.ToString());
                Assert.Equal(CgroupSandbox.InvalidArgs, result.ErrorName);
                Assert.Equal($"invalid key: {label} does not exist", result.ErrorMessage);
            }
        }

        Assert.False(File.Exists(Path.Combine(_sb.HostPath("memory", name), "memory.nonexistent")));
    }

    [Fact]
    public void SetValue_that_the_kernel_rejects_fails_and_leaves_the_value()
    {
        string name = Unique("set-bad", Client.TestClient);
        _sb.Create("cpu", name);
        string file = Path.Combine(_sb.HostPath("cpu", name), "cpu.shares");
        string before = File.ReadAllText(file);
        var result = _sb.Call(Client.TestClient, "SetValue", "cpu", name, "cpu.shares", "not-a-number");
        Assert.False(result.Ok, result.ToString());
        Assert.Equal(CgroupSandbox.InvalidArgs, result.ErrorName);
        Assert.Equal(before, File.ReadAllText(file));
    }

    [Theory, MemberData(nameof(Clients))]
    public void Remove_deletes_an_empty_cgroup_and_then_reports_it_did_not_exist(Client client)
    {
        string name = Unique("remove", client);
        _sb.Create("memory", name);
        Assert.Equal("1", _sb.Ok(client, "Remove", "memory", name, "0").Value);
        Assert.False(Directory.Exists(_sb.HostPath("memory", name)));
        Assert.Equal("-1", _sb.Ok(client, "Remove", "memory", name, "0").Value);
    }

    [Theory, MemberData(nameof(Clients))]
    public void Remove_without_recursion_refuses_a_cgroup_with_children(Client client)
    {
        string name = Unique("remove-nr", client);
        _sb.Create("memory", $"{name}/child");
        var result = _sb.Call(client, "Remove", "memory", name, "0");
        Assert.False(result.Ok, result.ToString());
        Assert.True(Directory.Exists(_sb.HostPath("memory", $"{name}/child")));
        Assert.StartsWith("busy:", result.ErrorMessage);
    }

    [Theory, MemberData(nameof(Clients))]
    public void Remove_recursive_deletes_the_whole_subtree(Client client)
    {
        string name = Unique("remove-r", client);
        _sb.Create("memory", $"{name}/a/b");
        _sb.Create("memory", $"{name}/c");
        Assert.Equal("1", _sb.Ok(client, "Remove", "memory", name, "1").Value);
        Assert.False(Directory.Exists(_sb.HostPath("memory", name)));
    }

    [Fact]
    public void Remove_of_a_cgroup_with_a_task_fails_and_keeps_it()
    {
        string name = Unique("remove-busy", Client.TestClient);
        _sb.Create("memory", name);
        using var task = _sb.StartTask(inCgroup: name);
        var result = _sb.Call(Client.TestClient, "Remove", "memory", name, "1");
        Assert.False(result.Ok, result.ToString());
        Assert.True(Directory.Exists(_sb.HostPath("memory", name)));
        Assert.Equal("/" + name, task.CgroupIn("memory"));
    }

    [Theory, MemberData(nameof(Clients))]
    public void GetTasks_returns_the_sorted_pids_of_the_cgroup_only(Client client)
    {
        string name = Unique("tasks", client);
        _sb.Create("memory", $"{name}/sub");
        using var one = _sb.StartTask(inCgroup: name);
        using var two = _sb.StartTask(inCgroup: name);
        using var below = _sb.StartTask(inCgroup: $"{name}/sub");
        var expected = new[] { one.Pid, two.Pid }.Order().Select(p => p.ToString());
        Assert.Equal(expected, _sb.Ok(client, "GetTasks", "memory", name).Values);
        Assert.Equal([below.PidText], _sb.Ok(client, "GetTasks", "memory", $"{name}/sub").Values);
    }

    [Theory, MemberData(nameof(Clients))]
    public void GetTasksRecursive_returns_the_sorted_pids_of_the_whole_subtree(Client client)
    {
        string name = Unique("tasks-r", client);
        _sb.Create("memory", $"{name}/a/b");
        using var top = _sb.StartTask(inCgroup: name);
        using var deep = _sb.StartTask(inCgroup: $"{name}/a/b");
        using var outside = _sb.StartTask();
        var expected = new[] { top.Pid, deep.Pid }.Order().Select(p => p.ToString());
        Assert.Equal(expected, _sb.Ok(client, "GetTasksRecursive", "memory", name).Values);
    }

    [Theory, MemberData(nameof(Clients))]
    public void ListChildren_names_the_immediate_children(Client client)
    {
        string name = Unique("children", client);
        _sb.Create("memory", $"{name}/a/deeper");
        _sb.Create("memory", $"{name}/b");
        Assert.Equal(["a", "b"], _sb.Ok(client, "ListChildren", "memory", name).Values.Order());
        Assert.Empty(_sb.Ok(client, "ListChildren", "memory", $"{name}/b").Values);
    }

    [Theory, MemberData(nameof(Clients))]
    public void ListChildren_of_a_missing_cgroup_fails(Client client)
    {
        var result = _sb.Call(client, "ListChildren", "memory", Unique("missing", client));
        Assert.False(result.Ok, result.ToString());
        Assert.StartsWith("no such cgroup:", result.ErrorMessage);
    }

    [Theory, MemberData(nameof(Clients))]
    public void Prune_removes_empty_descendants_and_keeps_busy_ones(Client client)
    {
        string name = Unique("prune", client);
        _sb.Create("memory", $"{name}/empty/deeper");
        _sb.Create("memory", $"{name}/busy");
        using var task = _sb.StartTask(inCgroup: $"{name}/busy");
        _sb.Ok(client, "Prune", "memory", name);
        Assert.False(Directory.Exists(_sb.HostPath("memory", $"{name}/empty")));
        Assert.True(Directory.Exists(_sb.HostPath("memory", $"{name}/busy")));
        Assert.Equal($"/{name}/busy", task.CgroupIn("memory"));
    }

    [Theory, MemberData(nameof(Clients))]
    public void ListKeys_lists_every_file_with_owner_and_full_st_mode(Client client)
    {
        string name = Unique("keys", client);
        _sb.Create("memory", name);
        _sb.Ok(Client.TestClient, "Chown", "memory", name, "1000", "1000");
        string dir = _sb.HostPath("memory", name);
        var expected = Directory.GetFiles(dir).Select(f => (Path.GetFileName(f), Sys.Stat(f)))
            .Select(e => $"{e.Item1} {e.Item2.Uid} {e.Item2.Gid} {e.Item2.Mode}").Order(StringComparer.Ordinal);
        var actual = _sb.Ok(client, "ListKeys", "memory", name).Values.Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
        Assert.Contains("tasks 1000 1000 33188", actual);
    }
}
