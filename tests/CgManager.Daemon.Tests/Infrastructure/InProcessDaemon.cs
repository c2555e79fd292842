using CgManager.Core.Operations;
using CgManager.DBus.Server;
using CgManager.DBus.Transport;
using CgManager.Linux.Proc;
using CgManager.Linux.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace CgManager.Daemon.Tests.Infrastructure;

/// <summary>
/// The daemon as <see cref="DaemonHost.Compose"/> puts it together (CgroupService, both interfaces,
/// the dispatcher, the event sampler) and <see cref="DaemonHost.CreateServer"/> serves it, over a
/// <see cref="FakeHost"/>'s tree, with a fake clock, and clients connected through in-memory pairs.
/// </summary>
public sealed class InProcessDaemon : IDisposable
{
    private readonly DaemonHost.Composition _parts;
    private readonly List<WireClient> _clients = [];

    public InProcessDaemon(params string[] args)
    {
        Host = new FakeHost();
        Clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = DaemonOptions.Parse(["--socket", Host.SocketPath, .. args]);
        _parts = DaemonHost.Compose(options, new ProcFs(Host.Proc), HierarchyMounts.MountPoints, Clock);
        Server = DaemonHost.CreateServer(_parts, new ServerOptions(), listener: null, listenerShared: false);
        Server.Start();
    }

    public FakeHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public DBusServer Server { get; }

    public CgroupService Service => _parts.Service;

    /// <summary>A client connected as <see cref="FakeHost.ClientPid"/> with the test's own uid, authenticated, fds negotiated.</summary>
    public WireClient Connect()
    {
        var (ours, theirs) = InMemoryTransport.CreatePair();
        Assert.True(Server.Admit(theirs, new PeerCredentials(FakeHost.ClientPid, FakeHost.OwnUid, FakeHost.OwnGid)));
        var client = new WireClient(ours);
        _clients.Add(client);
        return client;
    }

    /// <summary>Steps the fake clock by <paramref name="step"/>, <paramref name="times"/> times: each step runs the timers that fall due.</summary>
    public void Tick(TimeSpan step, int times = 1)
    {
        for (int i = 0; i < times; i++)
        {
            Clock.Advance(step);
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        Server.Dispose();
        _parts.Dispose();
        Host.Dispose();
    }
}
