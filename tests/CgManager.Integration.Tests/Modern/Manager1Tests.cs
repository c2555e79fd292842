using System.Globalization;
using System.Text.Json;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Modern;

/// <summary>
/// org.linuxcontainers.cgmanager.Manager1 on the real kernel, driven by dbus-python inside the
/// sandbox: neutral keys land in the right v1 files, multi-value calls are all-or-nothing,
/// freeze stops CPU time, kill and forced delete clear a subtree, pidfds and requestor-view pids move tasks.
/// </summary>
public sealed class Manager1Tests : IClassFixture<SandboxFixture>
{
    private const string Prelude = """
        import sys, os, json, dbus
        conn = dbus.connection.Connection(sys.argv[1])
        obj = conn.get_object(object_path='/org/linuxcontainers/cgmanager', introspect=True)
        m = dbus.Interface(obj, 'org.linuxcontainers.cgmanager.Manager1')
        def out(**kw): print(json.dumps(kw, default=lambda o: str(o)))
        def call(f, *a):
            try:
                return {'ok': True, 'value': f(*a)}
            except dbus.exceptions.DBusException as e:
                return {'ok': False, 'error': e.get_dbus_name(), 'message': e.get_dbus_message()}

        """;

    private static int s_counter;
    private readonly CgroupSandbox _sb;

    public Manager1Tests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private static string Unique(string name) => $"{name}{Interlocked.Increment(ref s_counter)}";

    private JsonElement Py(string body, Identity? who = null, string? inCgroup = null)
    {
        var run = _sb.Run(who ?? Identity.Root, [Tool.Python, "-c", Prelude + body, _sb.Daemon.Address], inCgroup);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private string File(string hierarchy, string cgroup, string file) =>
        System.IO.File.ReadAllText(Path.Combine(_sb.HostPath(hierarchy, cgroup), file)).Trim();

    private bool ExistsAnywhere(string cgroup) => _sb.Dirs.Keys.Any(h => Directory.Exists(_sb.HostPath(h, cgroup)));

    [Fact]
    public void Create_with_neutral_values_writes_the_converted_v1_files_and_reads_them_back()
    {
        string cg = Unique("m1create");
        var r = Py($"out(c=call(m.Create, '{cg}', dbus.Array([], signature='s'), {{'memory.limit': '64M', 'cpu.weight': dbus.UInt64(200), 'pids.max': dbus.Int64(40)}}), " +
                   $"g=call(m.GetValues, '{cg}', ['memory.limit', 'cpu.weight', 'pids.max', 'memory.soft_limit']))");
        Assert.True(r.GetProperty("c").GetProperty("ok").GetBoolean(), r.ToString());
        Assert.Equal("67108864", File("memory", cg, "memory.limit_in_bytes"));
        Assert.Equal("2048", File("cpu", cg, "cpu.shares")); // weight 200 = shares 2048 (docs/keys.md)
        Assert.Equal("40", File("pids", cg, "pids.max"));
        var values = r.GetProperty("g").GetProperty("value");
        Assert.Equal("67108864", values.GetProperty("memory.limit").ToString());
        Assert.Equal("200", values.GetProperty("cpu.weight").ToString());
        Assert.Equal("40", values.GetProperty("pids.max").ToString());
        Assert.Equal("max", values.GetProperty("memory.soft_limit").ToString());
    }

    [Fact]
    public void A_create_with_one_invalid_value_leaves_nothing_behind()
    {
        string cg = Unique("m1bad");
        var r = Py($"out(c=call(m.Create, '{cg}', dbus.Array([], signature='s'), {{'memory.limit': '64M', 'cpu.weight': 'bogus'}}))");
        var c = r.GetProperty("c");
        Assert.False(c.GetProperty("ok").GetBoolean());
        Assert.Equal("org.linuxcontainers.cgmanager.Error.InvalidArgument", c.GetProperty("error").GetString());
        Assert.Contains("cpu.weight", c.GetProperty("message").GetString());
        Assert.False(ExistsAnywhere(cg), "a failed Create left a cgroup behind");
    }

    [Fact]
    public void A_failing_SetValues_restores_the_values_already_written()
    {
        string cg = Unique("m1restore");
        Py($"m.Create('{cg}', dbus.Array([], signature='s'), {{'memory.limit': '64M'}}); out()");
        var r = Py($"out(s=call(m.SetValues, '{cg}', {{'memory.limit': '32M', 'pids.max': '10', 'cpu.weight': dbus.UInt64(0)}}))");
        Assert.False(r.GetProperty("s").GetProperty("ok").GetBoolean(), r.ToString());
        Assert.Equal("67108864", File("memory", cg, "memory.limit_in_bytes"));
        Assert.Equal("max", File("pids", cg, "pids.max"));
    }

    [Fact]
    public void Raw_kernel_file_names_keep_working_as_keys()
    {
        string cg = Unique("m1raw");
        Py($"m.Create('{cg}', ['memory'], {{}}); m.SetValues('{cg}', {{'memory.soft_limit_in_bytes': '16M'}}); out()");
        Assert.Equal("16777216", File("memory", cg, "memory.soft_limit_in_bytes"));
        var r = Py($"out(c=call(m.SetValues, '{cg}', {{'cgroup.procs': '1'}}))");
        Assert.StartsWith("invalid key:", r.GetProperty("c").GetProperty("message").GetString());
    }

    [Fact]
    public void Freeze_stops_a_busy_tasks_cpu_time_and_thaw_resumes_it()
    {
        string cg = Unique("m1freeze");
        Py($"m.Create('{cg}', dbus.Array([], signature='s'), {{}}); out()");
        using var busy = _sb.StartTask(command: ["sh", "-c", "while :; do :; done"]);
        Py($"m.MovePid('{cg}', {busy.Pid}); out()");
        Thread.Sleep(200);
        Py($"m.Freeze('{cg}'); out()");
        Assert.Equal("FROZEN", File("freezer", cg, "freezer.state"));
        long frozenAt = CpuTicks(busy.Pid);
        Thread.Sleep(600);
        Assert.Equal(frozenAt, CpuTicks(busy.Pid));
        Py($"m.Thaw('{cg}'); out()");
        Thread.Sleep(600);
        Assert.True(CpuTicks(busy.Pid) > frozenAt, "the task did not run again after Thaw");
    }

    [Fact]
    public void Kill_ends_every_task_of_a_subtree_of_fifty_processes()
    {
        string cg = Unique("m1kill");
        Py($"m.Create('{cg}/a', dbus.Array([], signature='s'), {{}}); m.Create('{cg}/b', dbus.Array([], signature='s'), {{}}); out()");
        var pids = new List<int>();
        var spawn = Py($$"""
            import subprocess
            ps = [subprocess.Popen(['sleep', '1000'], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(50)]
            for i, p in enumerate(ps):
                m.MovePid('{{cg}}/a' if i % 2 else '{{cg}}/b', p.pid)
            out(pids=[p.pid for p in ps], n=len(m.ListTasks('{{cg}}', True)))
            os._exit(0)
            """);
        Assert.Equal(50, spawn.GetProperty("n").GetInt32());
        pids.AddRange(spawn.GetProperty("pids").EnumerateArray().Select(p => p.GetInt32()));
        var killed = Py($"out(k=m.Kill('{cg}', 9))");
        Assert.Equal(50, killed.GetProperty("k").GetInt32());
        Assert.True(CgroupSandbox.Eventually(() => pids.All(p => !Directory.Exists($"/proc/{p}") || IsZombie(p)), TimeSpan.FromSeconds(5)));
        Assert.Equal(0, Py($"out(n=len(m.ListTasks('{cg}', True)))").GetProperty("n").GetInt32());
    }

    [Fact]
    public void Delete_with_force_kills_the_tasks_and_removes_the_subtree()
    {
        string cg = Unique("m1purge");
        Py($"m.Create('{cg}/deep/er', dbus.Array([], signature='s'), {{}}); out()");
        using var task = _sb.StartTask();
        Py($"m.MovePid('{cg}/deep/er', {task.Pid}); out()");
        var plain = Py($"out(d=call(m.Delete, '{cg}', False))");
        Assert.False(plain.GetProperty("d").GetProperty("ok").GetBoolean());
        Assert.True(ExistsAnywhere(cg));
        var forced = Py($"out(d=call(m.Delete, '{cg}', True))");
        Assert.True(forced.GetProperty("d").GetProperty("ok").GetBoolean(), forced.ToString());
        Assert.False(ExistsAnywhere(cg));
        Assert.True(CgroupSandbox.Eventually(() => task.HasExited, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_task_is_moved_by_pidfd()
    {
        string cg = Unique("m1pidfd");
        Py($"m.Create('{cg}', dbus.Array([], signature='s'), {{}}); out()");
        using var task = _sb.StartTask();
        Py($"fd = os.pidfd_open({task.Pid}); m.MoveTask('{cg}', dbus.types.UnixFd(fd)); out()");
        Assert.Equal($"/{cg}", task.CgroupIn("memory"));
        Assert.Equal($"/{cg}/.cgm_leaf", task.CgroupIn("unified")); // v2 tasks live in the hidden leaf
    }

    [Fact]
    public void From_a_user_and_pid_namespace_pids_are_the_containers_own_and_cannot_name_an_outside_task()
    {
        string ct = Unique("m1ct");
        _sb.Create("memory", ct);
        Assert.True(_sb.Ok(Client.TestClient, "Chown", "memory", ct, "1000", "1000").Ok);
        _sb.Create("memory", $"{ct}/inner");
        Assert.True(_sb.Ok(Client.TestClient, "Chown", "memory", $"{ct}/inner", "1000", "1000").Ok);
        var container = new Identity("container", 1000, 1000,
            ["setpriv", "--reuid=1000", "--regid=1000", "--clear-groups", "unshare", "-U", "-r", "-p", "-f", "-m", "--mount-proc", "env", "HOME=/tmp"]);
        using var outside = _sb.StartTask(Identity.User(1000, 1000), inCgroup: ct);
        var r = Py($$"""
            import subprocess
            p = subprocess.Popen(['sleep', '1000'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            moved = call(m.MovePid, 'inner', p.pid)
            tasks = call(m.ListTasks, 'inner', False)
            outside = call(m.MovePid, 'inner', {{outside.Pid}})
            cg = open('/proc/%d/cgroup' % p.pid).read()
            p.kill()
            out(inner=p.pid, moved=moved, tasks=tasks, outside=outside, cg=cg)
            """, container, ct);
        Assert.True(r.GetProperty("moved").GetProperty("ok").GetBoolean(), r.ToString());
        int inner = r.GetProperty("inner").GetInt32();
        Assert.Contains(r.GetProperty("tasks").GetProperty("value").EnumerateArray(), p => p.GetInt32() == inner);
        Assert.Contains($"/{ct}/inner\n", r.GetProperty("cg").GetString());
        var refused = r.GetProperty("outside");
        Assert.False(refused.GetProperty("ok").GetBoolean(), r.ToString());
        Assert.Equal($"/{ct}", outside.CgroupIn("memory"));
    }

    [Fact]
    public void A_pid_reused_after_the_pidfd_was_taken_is_never_moved()
    {
        string cg = Unique("m1reuse");
        Py($"m.Create('{cg}', dbus.Array([], signature='s'), dbus.Dictionary({{}}, signature='sv')); out()");
        // In a pid namespace of its own the test picks the next pid (ns_last_pid), so the reuse is certain.
        var inNamespace = new Identity("root in a new pid namespace", 0, 0, ["unshare", "-p", "-f", "--mount-proc"]);
        var r = Py($$"""
            import subprocess, signal
            def spawn(): return subprocess.Popen(['sleep', '1000'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            old = spawn()
            fd = os.pidfd_open(old.pid)
            reused_pid = old.pid
            old.kill(); old.wait()
            with open('/proc/sys/kernel/ns_last_pid', 'w') as f: f.write(str(reused_pid - 1))
            new = spawn()
            moved = call(m.MoveTask, '{{cg}}', dbus.types.UnixFd(fd))
            cg = open('/proc/%d/cgroup' % new.pid).read()
            new.kill()
            out(same_pid=new.pid == reused_pid, moved=moved, cg=cg)
            """, inNamespace);
        Assert.True(r.GetProperty("same_pid").GetBoolean(), "the test did not manage to reuse the pid: " + r);
        var moved = r.GetProperty("moved");
        Assert.False(moved.GetProperty("ok").GetBoolean(), r.ToString());
        Assert.Equal("org.linuxcontainers.cgmanager.Error.NoSuchProcess", moved.GetProperty("error").GetString());
        Assert.DoesNotContain($"/{cg}", r.GetProperty("cg").GetString());
    }

    private static long CpuTicks(int pid)
    {
        var fields = System.IO.File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            return System.IO.File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
