using CgManager.DBus;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Flood;

/// <summary>
/// Connections that stay open and quiet (LXC, session helpers, monitors, or a user holding its share)
/// give their threads back after five seconds and wait together on one epoll thread of the real
/// daemon; each is answered again when it calls, and closed when its client hangs up.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class IdleConnectionTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Iface = "org.linuxcontainers.cgmanager0_0";
    private const int Quiet = 100;

    /// <summary>
    /// Threads that come on top of an idle daemon's without belonging to a connection: the runtime's
    /// pool and timer threads that serving wakes up (4 measured; the epoll thread is there from the start).
    /// </summary>
    private const int Runtime = 8;
    private static readonly TimeSpan Parked = TimeSpan.FromSeconds(30);

    [Fact]
    public void Quiet_connections_hold_no_thread_each_and_are_all_answered_when_they_call_again()
    {
        using var daemon = RunningDaemon.Start();
        Ping(RawClient.Connect(daemon.SocketPath), 0, dispose: true);
        int idleThreads = DaemonProbe.Threads(daemon.Pid);
        int idleFds = daemon.FdCount;

        var clients = Enumerable.Range(0, Quiet).Select(_ => RawClient.Connect(daemon.SocketPath)).ToList();
        try
        {
            for (int i = 0; i < clients.Count; i++)
            {
                Ping(clients[i], i);
            }

            int busyThreads = DaemonProbe.Threads(daemon.Pid);
            Assert.True(DaemonProbe.Eventually(() => DaemonProbe.Threads(daemon.Pid) <= idleThreads + Runtime, Parked),
                $"{Quiet} quiet connections still hold {DaemonProbe.Threads(daemon.Pid)} threads (idle daemon: {idleThreads})");
            output.WriteLine($"daemon threads: idle {idleThreads}, {Quiet} connections just served {busyThreads}, once they are quiet {DaemonProbe.Threads(daemon.Pid)}");

            for (int i = 0; i < clients.Count; i++)
            {
                Ping(clients[i], 1000 + i);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        Assert.True(DaemonProbe.Eventually(() => daemon.FdCount <= idleFds, Parked), $"fds {daemon.FdCount}, idle {idleFds}");
    }

    [Fact]
    public void A_user_holding_its_whole_share_of_quiet_connections_holds_no_thread_for_them()
    {
        using var daemon = RunningDaemon.Start(reachableByAll: true);
        int idleThreads = DaemonProbe.Threads(daemon.Pid);
        using var flood = FloodProcess.Start(daemon.SocketPath, ["--connections", "256", "--hold", "60"]);
        Assert.Equal(256, flood.ReadyCount("connections"));
        Assert.True(DaemonProbe.Eventually(() => DaemonProbe.Threads(daemon.Pid) <= idleThreads + Runtime, Parked),
            $"256 quiet connections of uid {FloodProcess.Uid} still hold {DaemonProbe.Threads(daemon.Pid)} threads (idle daemon: {idleThreads})");
        output.WriteLine($"daemon threads: idle {idleThreads}, with uid {FloodProcess.Uid}'s 256 quiet connections {DaemonProbe.Threads(daemon.Pid)}");
        var latencies = DaemonProbe.PingLatencies(daemon.SocketPath, 20);
        Assert.True(latencies[^1] < 1000, $"root's Ping took {latencies[^1]} ms");
    }

    private static void Ping(RawClient client, int value, bool dispose = false)
    {
        try
        {
            using var reply = client.Call(Iface, "Ping", "i", w => w.WriteInt32(value));
            Assert.True(reply.Type == MessageType.MethodReturn, RawClient.ErrorText(reply));
        }
        finally
        {
            if (dispose)
            {
                client.Dispose();
            }
        }
    }
}
