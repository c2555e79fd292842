using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Hardening;

/// <summary>
/// Issue 12, findings 5 and 10: names a client may not give a cgroup. <c>.cgm*</c> is the daemon's
/// (its hidden v2 leaf), and kernel file names are files, not cgroups: both are refused with
/// "invalid cgroup name:" on every hierarchy, instead of being hidden or answered "existed".
/// </summary>
public sealed class CgroupNameTests : IClassFixture<SandboxFixture>
{
    private const string InvalidName = Manager1Python.ErrorPrefix + "InvalidCgroupName";
    private static int s_counter;
    private readonly CgroupSandbox _sb;

    public CgroupNameTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private static string Unique(string name) => $"{name}{Interlocked.Increment(ref s_counter)}";

    public static TheoryData<string, string> DaemonNames => new()
    {
        { "memory", ".cgm_leaf" },
        { "unified", ".cgm_leaf" },
        { "pids", "a/.cgm_leaf" },
        { "unified", ".cgm_anything" },
        { "freezer", ".cgm" },
    };

    [Theory]
    [MemberData(nameof(DaemonNames))]
    public void A_name_starting_with_cgm_is_refused_by_compat_create(string hierarchy, string name)
    {
        _sb.AssertDenied("invalid cgroup name:", () => _sb.Call(Client.TestClient, "Create", CgroupSandbox.ControllerOf(hierarchy), name));
    }

    [Fact]
    public void A_name_starting_with_cgm_is_refused_by_Manager1_create_and_move()
    {
        var r = _sb.Py("out(c=call(m.Create, 'x/.cgm_leaf', S(), V({})), mv=call(m.MovePid, '.cgm_leaf', dbus.Int32(os.getpid())))");
        Assert.Equal(InvalidName, r.GetProperty("c").Error());
        Assert.StartsWith("invalid cgroup name:", r.GetProperty("c").Message(), StringComparison.Ordinal);
        Assert.Equal(InvalidName, r.GetProperty("mv").Error());
        Assert.DoesNotContain(_sb.Dirs.Keys, h => Directory.Exists(_sb.HostPath(h, "x")));
    }

    [Fact]
    public void A_user_made_cgm_leaf_on_v1_hides_its_tasks_from_no_listing_kill_or_delete()
    {
        string top = Unique("leaf5");
        Assert.True(_sb.Ok(Client.TestClient, "Create", "all", top).Ok);
        Assert.True(_sb.Ok(Client.TestClient, "Chown", "all", top, "1000", "1000").Ok);
        // What uid 1000 can do without the daemon: mkdir in the cgroup it owns, and move its task in.
        foreach (var hierarchy in new[] { "memory", "pids" })
        {
            _sb.MakeDir(hierarchy, $"{top}/.cgm_leaf", owner: 1000);
        }

        using var task = _sb.StartTask(Identity.User(1000, 1000), inCgroup: top);
        _sb.MoveInto("memory", $"{top}/.cgm_leaf", task.Pid);
        _sb.MoveInto("pids", $"{top}/.cgm_leaf", task.Pid);

        var recursive = _sb.Ok(Client.TestClient, "GetTasksRecursive", "memory", top);
        Assert.Contains(task.PidText, recursive.Values);
        var children = _sb.Ok(Client.TestClient, "ListChildren", "memory", top);
        Assert.Contains(".cgm_leaf", children.Values); // on v1 it is an ordinary cgroup: shown
        var r = _sb.Py($"out(t=call(m.ListTasks, '{top}', True))");
        Assert.Contains(task.Pid, r.GetProperty("t").GetProperty("value").EnumerateArray().Select(e => int.Parse(e.ToString(), System.Globalization.CultureInfo.InvariantCulture)));

        var delete = _sb.Py($"out(d=call(m.Delete, '{top}', True))");
        Assert.True(delete.GetProperty("d").Ok(), delete.ToString());
        Assert.True(CgroupSandbox.Eventually(() => task.HasExited, TimeSpan.FromSeconds(10)), "Delete(force) left the task in the user's .cgm_leaf alive");
        Assert.DoesNotContain(_sb.Dirs.Keys, h => Directory.Exists(_sb.HostPath(h, top)));
    }

    [Fact]
    public void Kill_reaches_a_task_in_a_user_made_cgm_leaf_on_v1()
    {
        string top = Unique("leafk");
        Assert.True(_sb.Ok(Client.TestClient, "Create", "all", top).Ok);
        Assert.True(_sb.Ok(Client.TestClient, "Chown", "all", top, "1000", "1000").Ok);
        using var task = _sb.StartTask(Identity.User(1000, 1000), inCgroup: top);
        // In every hierarchy a directory of the user's own under the name: on v1 the leaf itself,
        // on v2 a child of it (the v2 leaf's own tasks were always counted).
        foreach (var hierarchy in _sb.Dirs.Keys)
        {
            string where = hierarchy == "unified" ? $"{top}/.cgm_leaf/deeper" : $"{top}/.cgm_leaf";
            _sb.MakeDir(hierarchy, $"{top}/.cgm_leaf", owner: 1000);
            _sb.MakeDir(hierarchy, where, owner: 1000);
            if (hierarchy == "cpuset")
            {
                foreach (var file in new[] { "cpuset.cpus", "cpuset.mems" })
                {
                    File.WriteAllText(Path.Combine(_sb.HostPath(hierarchy, where), file), File.ReadAllText(Path.Combine(_sb.HostPath(hierarchy, top), file)));
                }
            }

            _sb.MoveInto(hierarchy, where, task.Pid);
        }

        var r = _sb.Py($"out(k=call(m.Kill, '{top}', 9))");

        Assert.True(r.GetProperty("k").Ok(), r.ToString());
        Assert.Equal("1", r.GetProperty("k").GetProperty("value").ToString());
        Assert.True(CgroupSandbox.Eventually(() => task.HasExited, TimeSpan.FromSeconds(10)), "Kill left the task alive");
    }

    public static TheoryData<string, string> KernelFileNames => new()
    {
        { "memory", "tasks" },
        { "memory", "cgroup.procs" },
        { "memory", "memory.limit_in_bytes" },
        { "memory", "notify_on_release" },
        { "cpu", "memory.limit_in_bytes" },
        { "pids", "a/pids.max" },
        { "unified", "cgroup.procs" },
        { "unified", "memory.max" },
        { "unified", "cgroup.subtree_control" },
        { "unified", "io.weight" },
    };

    [Theory]
    [MemberData(nameof(KernelFileNames))]
    public void A_kernel_file_name_is_refused_as_a_cgroup_name_instead_of_existed(string hierarchy, string name)
    {
        _sb.AssertDenied("invalid cgroup name:", () => _sb.Call(Client.TestClient, "Create", CgroupSandbox.ControllerOf(hierarchy), name));
    }

    [Fact]
    public void Manager1_create_of_a_kernel_file_name_is_refused_and_leaves_nothing()
    {
        var r = _sb.Py("out(a=call(m.Create, 'tasks', S(), V({})), b=call(m.Create, 'k10/memory.max', S(), V({})))");
        Assert.Equal(InvalidName, r.GetProperty("a").Error());
        Assert.Equal(InvalidName, r.GetProperty("b").Error());
        Assert.DoesNotContain(_sb.Dirs.Keys, h => Directory.Exists(_sb.HostPath(h, "k10")));
    }
}
