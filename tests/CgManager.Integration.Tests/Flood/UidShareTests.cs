using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Flood;

/// <summary>
/// Issue 12 finding 3, case by case: one local user (uid 1000, through scripts/flood.py) gets its
/// share of each resource and no more, what it holds for an unfinished message is dropped at the
/// message deadline, and root is served throughout. Default limits (cgmanager(8), LIMITS).
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class UidShareTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int ConnectionsPerUid = 256;
    private const int ScmPerUid = 64;
    private const int HeldFdsPerUid = 256;
    private const int WatchesPerUid = 256;

    private static void AssertRootServed(RunningDaemon daemon)
    {
        var latencies = DaemonProbe.PingLatencies(daemon.SocketPath, 20);
        Assert.True(latencies[^1] < 1000, $"root's Ping took {latencies[^1]} ms");
    }

    [Fact]
    public void One_user_gets_at_most_its_share_of_connections_and_root_is_still_answered()
    {
        using var daemon = RunningDaemon.Start(reachableByAll: true);
        using var flood = FloodProcess.Start(daemon.SocketPath, ["--connections", "400", "--hold", "60"]);
        output.WriteLine($"uid 1000 got {flood.ReadyCount("connections")} of 400 connections; daemon threads {DaemonProbe.Threads(daemon.Pid)}");
        Assert.InRange(flood.ReadyCount("connections"), 1, ConnectionsPerUid);
        AssertRootServed(daemon);
        Assert.InRange(DaemonProbe.Threads(daemon.Pid), 1, ConnectionsPerUid + 64); // one thread per connection, bounded by the share
        Assert.True(DaemonProbe.Eventually(() => daemon.Stderr.Contains($"uid {FloodProcess.Uid} holds {ConnectionsPerUid} of its {ConnectionsPerUid} connections", StringComparison.Ordinal), TimeSpan.FromSeconds(5)),
            daemon.Stderr);
    }

    [Fact]
    public void Silent_Scm_exchanges_of_one_user_are_capped_and_root_gets_its_own()
    {
        using var daemon = RunningDaemon.Start(reachableByAll: true);
        using var flood = FloodProcess.Start(daemon.SocketPath, ["--scm", "150", "--hold", "60"]);
        Assert.Equal(ScmPerUid, flood.ReadyCount("scm_ok"));
        Assert.Equal(150 - ScmPerUid, flood.ReadyCount("scm_refused"));
        Assert.NotNull(DaemonProbe.RootScmGetPidCgroup(daemon.SocketPath)); // the exchange completed: kicks, credentials, result
    }

    [Fact]
    public void Half_messages_with_fds_are_capped_per_user_and_dropped_at_the_deadline()
    {
        using var daemon = RunningDaemon.Start(reachableByAll: true);
        AssertRootServed(daemon);
        int idleFds = daemon.FdCount;
        using var flood = FloodProcess.Start(daemon.SocketPath, ["--half-fds", "10", "--hold", "60"]);
        // 60 fds each: four connections fit in the share, the others are dropped as their fds arrive
        output.WriteLine($"daemon fds: idle {idleFds}, under the flood {daemon.FdCount}");
        Assert.InRange(daemon.FdCount - idleFds, 0, HeldFdsPerUid + 10 + 8);
        AssertRootServed(daemon);
        var startedAt = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(DaemonProbe.Eventually(() => daemon.Stderr.Contains("message not completed within 5 s", StringComparison.Ordinal), TimeSpan.FromSeconds(15)),
            "a half message was not dropped at its deadline (" + flood.State + "):\n" + daemon.Stderr);
        Assert.Contains("too many unix fds held for unfinished messages: uid 1000 holds", daemon.Stderr);
        flood.Finish();
        Assert.True(DaemonProbe.Eventually(() => daemon.FdCount <= idleFds, TimeSpan.FromSeconds(10)), $"fds {daemon.FdCount}, idle {idleFds}");
    }

    [Fact]
    public void Stalled_large_messages_are_capped_per_user_and_dropped_at_the_deadline()
    {
        using var daemon = RunningDaemon.Start(reachableByAll: true);
        AssertRootServed(daemon);
        long idleRss = daemon.RssKiB;
        using var flood = FloodProcess.Start(daemon.SocketPath, ["--half-bytes", "40", "--hold", "60"]);
        // 1 MiB each against a share of 8 MiB: most are refused at their length prefix, before allocation
        Assert.True(DaemonProbe.Eventually(() => daemon.Stderr.Contains("too many bytes buffered for unfinished messages: uid 1000 holds", StringComparison.Ordinal), TimeSpan.FromSeconds(5)),
            daemon.Stderr);
        output.WriteLine($"daemon RSS: idle {idleRss} KiB, under the flood {daemon.RssKiB} KiB");
        Assert.InRange(daemon.RssKiB - idleRss, long.MinValue, 24 * 1024);
        AssertRootServed(daemon);
        Assert.True(DaemonProbe.Eventually(() => daemon.Stderr.Contains("message not completed within 5 s", StringComparison.Ordinal), TimeSpan.FromSeconds(15)),
            daemon.Stderr);
    }

    [Fact]
    public void Watches_of_one_user_are_capped_and_cost_little_cpu()
    {
        using var daemon = RunningDaemon.Start(reachableByAll: true);
        using var flood = FloodProcess.Start(daemon.SocketPath, ["--watches", "200", "--hold", "60"]);
        Assert.Equal(WatchesPerUid / 2, flood.ReadyCount("watch_ok")); // two events a connection
        Assert.Equal(200 - (WatchesPerUid / 2), flood.ReadyCount("watch_refused"));
        var before = DaemonProbe.CpuTime(daemon.Pid);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Thread.Sleep(3000); // measuring a rate: the interval is the point
        double share = (DaemonProbe.CpuTime(daemon.Pid) - before) / clock.Elapsed;
        output.WriteLine($"{flood.ReadyCount("watch_ok")} Watch calls accepted, {flood.ReadyCount("watch_refused")} refused; idle watches cost {share:P1} of a core");
        Assert.True(share < 0.10, $"idle watches cost {share:P0} of a core");
        AssertRootServed(daemon);
    }
}
