using System.Text.Json;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Modern;

/// <summary>
/// The usage keys and GetTree on the real kernel of this hybrid host, through dbus-python: records arrive as
/// nested dictionaries, a busy loop raises cpu.usage, a memory hog raises the working set, direct writes raise
/// io.usage, and GetTree reads a subtree in one call, confined to the caller's own.
/// </summary>
public sealed class UsageKeyTests : IClassFixture<SandboxFixture>
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
        def sig(v): return v.signature if hasattr(v, 'signature') else type(v).__name__

        """;

    private static int s_counter;
    private readonly CgroupSandbox _sb;

    public UsageKeyTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private static string Unique(string name) => $"{name}{Interlocked.Increment(ref s_counter)}";

    private JsonElement Py(string body, Identity? who = null, string? inCgroup = null)
    {
        var run = _sb.Run(who ?? Identity.Root, [Tool.Python, "-c", Prelude + body, _sb.Daemon.Address], inCgroup);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private JsonElement Values(string cgroup, params string[] keys) =>
        Py($"out(v=m.GetValues('{cgroup}', [{string.Join(", ", keys.Select(k => $"'{k}'"))}]))").GetProperty("v");

    private static bool Wait(Func<bool> condition) => CgroupSandbox.Eventually(condition, TimeSpan.FromSeconds(20));

    [Fact]
    public void A_busy_loop_raises_cpu_usage_and_the_record_arrives_as_a_dictionary()
    {
        string cg = Unique("ucpu");
        Py($"m.Create('{cg}', dbus.Array([], signature='s'), {{}}); out()");
        var before = Values(cg, "cpu.usage").GetProperty("cpu.usage");
        Assert.Equal(JsonValueKind.Object, before.ValueKind);
        using var busy = _sb.StartTask(inCgroup: cg, command: ["sh", "-c", "while :; do :; done"]);
        Assert.True(Wait(() => Values(cg, "cpu.usage").GetProperty("cpu.usage").GetProperty("total_usec").GetUInt64() > 300_000),
            "300 ms of CPU time never showed in cpu.usage");
        var after = Values(cg, "cpu.usage").GetProperty("cpu.usage");
        Assert.True(after.GetProperty("user_usec").GetUInt64() > before.GetProperty("user_usec").GetUInt64());
        var types = Py($"v = m.GetValues('{cg}', ['cpu.usage', 'pressure.cpu']); out(u=sig(v['cpu.usage']), t=sig(v['cpu.usage']['total_usec']), a=sig(v['pressure.cpu']['some']['avg10']))");
        Assert.Equal("sv", types.GetProperty("u").GetString()); // a nested a{sv}
        Assert.Equal("UInt64", types.GetProperty("t").GetString());
        Assert.Equal("Double", types.GetProperty("a").GetString());
    }

    [Fact]
    public void A_memory_hog_raises_the_working_set()
    {
        string cg = Unique("umem");
        Py($"m.Create('{cg}', dbus.Array([], signature='s'), {{}}); out()");
        using var hog = _sb.StartTask(inCgroup: cg, command: [Tool.Python, "-c", "import time; b = b'x' * (96 << 20); time.sleep(120)"]);
        Assert.True(Wait(() => Values(cg, "memory.working_set").GetProperty("memory.working_set").GetUInt64() > 90UL << 20),
            "96 MiB of anonymous memory never showed in memory.working_set");
        var breakdown = Values(cg, "memory.breakdown").GetProperty("memory.breakdown");
        Assert.True(breakdown.GetProperty("anon").GetUInt64() > 90UL << 20, breakdown.ToString());
        Assert.True(breakdown.GetProperty("working_set").GetUInt64() <= breakdown.GetProperty("usage").GetUInt64());
    }

    /// <remarks>
    /// v1 blk-throttle (Linux 6.x) counts only the I/O of devices the cgroup has a throttle on, so the test sets
    /// one far above the disk's speed first; on v2 io.stat counts every device. The write is direct, since v1
    /// charges buffered writeback to the flusher, not to the writer.
    /// </remarks>
    [Fact]
    public void Direct_writes_raise_io_usage_bytes_of_the_device()
    {
        string cg = Unique("uio");
        string file = $"/var/tmp/cgm-io-{cg}-{Environment.ProcessId}";
        var dev = Py($"m.Create('{cg}', dbus.Array([], signature='s'), {{}}); d = os.stat('/var/tmp').st_dev; dev = '%d:%d' % (os.major(d), os.minor(d)); "
            + $"m.SetValues('{cg}', {{'io.throttle': dev + ' wbps=100000000000'}}); out(dev=dev)").GetProperty("dev").GetString()!;
        try
        {
            using var writer = _sb.StartTask(inCgroup: cg, command: ["sh", "-c", $"dd if=/dev/zero of={file} bs=1M count=8 oflag=direct status=none; sleep 1000"]);
            Assert.True(Wait(() => Values(cg, "io.usage").GetProperty("io.usage").TryGetProperty(dev, out var device)
                    && device.GetProperty("wbytes").GetUInt64() >= 8UL << 20),
                $"8 MiB written to {dev} never showed in io.usage");
            var device = Values(cg, "io.usage").GetProperty("io.usage").GetProperty(dev);
            Assert.True(device.GetProperty("wios").GetUInt64() > 0);
        }
        finally
        {
            _sb.Run(Identity.Root, ["rm", "-f", file]);
        }
    }

    [Fact]
    public void Usage_keys_are_refused_by_SetValues_and_pressure_comes_from_the_unified_hierarchy()
    {
        string cg = Unique("uro");
        var r = Py($"m.Create('{cg}', dbus.Array([], signature='s'), {{}}); out(s=call(m.SetValues, '{cg}', {{'cpu.usage': '0'}}), p=call(m.GetValues, '{cg}', ['pressure.memory', 'memory.event_counts', 'pids.event_counts', 'cpuacct_stat']))");
        var s = r.GetProperty("s");
        Assert.False(s.GetProperty("ok").GetBoolean());
        Assert.Equal("org.linuxcontainers.cgmanager.Error.InvalidKey", s.GetProperty("error").GetString());
        Assert.Contains("read-only", s.GetProperty("message").GetString());
        var p = r.GetProperty("p").GetProperty("value");
        Assert.True(p.GetProperty("pressure.memory").GetProperty("full").TryGetProperty("total", out _), p.ToString());
        Assert.True(p.GetProperty("memory.event_counts").TryGetProperty("max", out _));
        Assert.True(p.GetProperty("cpuacct_stat").TryGetProperty("total_usec", out _)); // the RFC's name for cpu.usage
    }

    [Fact]
    public void GetTree_reads_a_whole_subtree_in_one_call()
    {
        string cg = Unique("utree");
        Py($"[m.Create(c, dbus.Array([], signature='s'), {{}}) for c in ['{cg}/a/x', '{cg}/b']]; out()");
        using var task = _sb.StartTask(inCgroup: $"{cg}/a/x");
        var r = Py($"out(all=call(m.GetTree, '{cg}', ['pids.current', 'cpu.usage'], -1), one=call(m.GetTree, '{cg}', ['pids.current'], 1), none=call(m.GetTree, '{cg}/nope', ['pids.current'], -1))");
        var all = r.GetProperty("all").GetProperty("value").EnumerateArray().ToArray();
        Assert.Equal([cg, $"{cg}/a", $"{cg}/b", $"{cg}/a/x"], all.Select(e => e[0].GetString()));
        Assert.Equal(1UL, all[3][1].GetProperty("pids.current").GetUInt64());
        Assert.Equal(1UL, all[0][1].GetProperty("pids.current").GetUInt64()); // v1 pids.current counts descendants
        Assert.Equal(JsonValueKind.Object, all[1][1].GetProperty("cpu.usage").ValueKind);
        Assert.Equal([cg, $"{cg}/a", $"{cg}/b"], r.GetProperty("one").GetProperty("value").EnumerateArray().Select(e => e[0].GetString()));
        Assert.Equal("org.linuxcontainers.cgmanager.Error.NoSuchCgroup", r.GetProperty("none").GetProperty("error").GetString());
    }

    [Fact]
    public void GetTree_of_an_unprivileged_caller_sees_its_own_subtree_only()
    {
        string cg = Unique("uconf");
        Py($"[m.Create(c, dbus.Array([], signature='s'), {{}}) for c in ['{cg}/mine/inner', '{cg}/other']]; out()");
        var user = Identity.User(1000, 1000);
        var r = Py("out(own=call(m.GetTree, '', ['pids.current'], -1), up=call(m.GetTree, '..', ['pids.current'], -1))", user, $"{cg}/mine");
        Assert.Equal(["", "inner"], r.GetProperty("own").GetProperty("value").EnumerateArray().Select(e => e[0].GetString()));
        var up = r.GetProperty("up");
        Assert.False(up.GetProperty("ok").GetBoolean(), up.ToString());
    }
}
