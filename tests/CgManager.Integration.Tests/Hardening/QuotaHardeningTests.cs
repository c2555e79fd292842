using System.Globalization;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Hardening;

/// <summary>A daemon with --quota-cgroups 100 --quota-depth 3.</summary>
public sealed class HundredQuotaFixture : SandboxFixture
{
    public HundredQuotaFixture()
        : base(["--quota-cgroups", "100", "--quota-depth", "3"])
    {
    }
}

/// <summary>
/// Issue 12, finding 6: the quota belongs to the delegation (the topmost cgroup the requestor owns),
/// not to the cgroup the requestor sits in now, and is counted and used atomically.
/// </summary>
public sealed class QuotaHardeningTests : IClassFixture<HundredQuotaFixture>
{
    private readonly CgroupSandbox _sb;

    public QuotaHardeningTests(HundredQuotaFixture fixture) => _sb = fixture.Sandbox;

    /// <summary>A memory cgroup given to uid 1000, already holding <paramref name="held"/> empty cgroups.</summary>
    private void Delegation(string name, int held, string? deeper = null)
    {
        _sb.Create("memory", name);
        Assert.True(_sb.Ok(Client.TestClient, "Chown", "memory", name, "1000", "1000").Ok);
        if (deeper is not null)
        {
            _sb.Create("memory", $"{name}/{deeper}");
            Assert.True(_sb.Ok(Client.TestClient, "Chown", "memory", $"{name}/{deeper}", "1000", "1000").Ok);
            held--;
        }

        for (int i = 0; i < held; i++)
        {
            _sb.MakeDir("memory", $"{name}/held{i.ToString(CultureInfo.InvariantCulture)}", owner: 1000);
        }
    }

    private int Children(string name) => Directory.GetDirectories(_sb.HostPath("memory", name)).Length;

    [Fact]
    public void Moving_deeper_into_the_delegation_does_not_reset_the_count()
    {
        Delegation("qdeep", held: 100, deeper: "inner");
        var user = Identity.User(1000, 1000);

        var fromInner = _sb.CallAsIn(user, "qdeep/inner", Client.TestClient, "Create", "memory", "more");
        var fromTop = _sb.CallAsIn(user, "qdeep", Client.TestClient, "Create", "memory", "more");

        Assert.False(fromInner.Ok, $"a requestor that moved deeper got past the quota:\n{fromInner}");
        Assert.Contains("--quota-cgroups", fromInner.ErrorMessage);
        Assert.False(fromTop.Ok, fromTop.ToString());
        Assert.False(Directory.Exists(_sb.HostPath("memory", "qdeep/inner/more")));
    }

    [Fact]
    public void Moving_deeper_does_not_reset_the_depth_limit()
    {
        Delegation("qdepth", held: 1, deeper: "l1");
        var user = Identity.User(1000, 1000);

        Assert.True(_sb.CallAsIn(user, "qdepth/l1", Client.TestClient, "Create", "memory", "l2/l3").Ok);
        var tooDeep = _sb.CallAsIn(user, "qdepth/l1", Client.TestClient, "Create", "memory", "l2/l3/l4");

        Assert.False(tooDeep.Ok, tooDeep.ToString());
        Assert.Contains("--quota-depth", tooDeep.ErrorMessage);
    }

    [Fact]
    public void Of_64_concurrent_creates_at_one_below_the_quota_exactly_one_succeeds()
    {
        Delegation("qrace", held: 99);
        string script = """
            import threading
            addr = sys.argv[1]
            conns = [dbus.connection.Connection(addr) for _ in range(64)]
            ifaces = [dbus.Interface(c.get_object(object_path='/org/linuxcontainers/cgmanager', introspect=False), 'org.linuxcontainers.cgmanager.Manager1') for c in conns]
            barrier = threading.Barrier(64)
            results = [None] * 64
            def run(i):
                barrier.wait()
                results[i] = call(ifaces[i].Create, 'race%d' % i, dbus.Array(['memory'], signature='s'), V({}))
            threads = [threading.Thread(target=run, args=(i,)) for i in range(64)]
            [t.start() for t in threads]
            [t.join() for t in threads]
            out(ok=sum(1 for r in results if r['ok']), errors=sorted(set(r.get('message', '')[:60] for r in results if not r['ok'])))
            """;

        var r = _sb.Py(script, Identity.User(1000, 1000), "qrace");

        Assert.Equal(1, r.GetProperty("ok").GetInt32());
        Assert.Equal(100, Children("qrace"));
    }
}
