using CgManager.Core.Access;
using CgManager.Core.Operations;
using CgManager.DBus.Server;
using CgManager.Linux.Proc;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon;

/// <summary>
/// Builds the <see cref="Caller"/> of a request from kernel facts. The peer's namespaces and id maps
/// are read once per connection (SO_PEERCRED is fixed at connect); its cgroups are read per request,
/// through its /proc/PID/cgroup held open for the connection's life.
/// </summary>
internal sealed class CallerFactory
{
    private readonly ProcessFacts _facts;

    public CallerFactory(ProcessFacts facts) => _facts = facts;

    /// <summary>A plain call: r = p = the connection's peer.</summary>
    public Caller Plain(MethodContext context)
    {
        var peer = context.Peer;
        var facts = PeerFactsOf(context.Connection);
        var cgroups = ProcessFacts.CgroupsOf(peer.Pid, facts.Cgroups);
        return new Caller(ProcessFacts.RequestorOf(peer, facts.Identity), cgroups, peer, cgroups, CallStyle.Plain);
    }

    /// <summary>
    /// An Scm call: r from the first credential, p the connection's peer. Exchanges run on their own
    /// threads and may outlive the connection, so they read /proc by pid rather than through the
    /// connection's open file, which only the connection's thread touches.
    /// </summary>
    public Caller Scm(MethodContext context, PeerCredentials requestor)
    {
        var peer = context.Peer;
        var peerCgroups = _facts.CgroupsOf(peer.Pid);
        bool requestorIsPeer = requestor.Pid == peer.Pid;
        var identity = requestorIsPeer && context.Connection.State is PeerFacts known ? known.Identity : _facts.IdentityOf(requestor.Pid);
        var requestorCgroups = requestorIsPeer ? peerCgroups : _facts.CgroupsOf(requestor.Pid);
        return new Caller(ProcessFacts.RequestorOf(requestor, identity), requestorCgroups, peer, peerCgroups, CallStyle.Scm);
    }

    /// <summary>Made and kept by the connection's own thread (plain calls run there).</summary>
    private PeerFacts PeerFactsOf(ServerConnection connection)
    {
        if (connection.State is PeerFacts cached)
        {
            return cached;
        }

        int pid = connection.Peer.Pid;
        var identity = _facts.IdentityOf(pid);
        var facts = new PeerFacts(identity, _facts.OpenCgroups(pid));
        connection.State = facts;
        return facts;
    }

    /// <summary>What is kept about a connection's peer; disposed with the connection.</summary>
    private sealed class PeerFacts(ProcessIdentity identity, ProcessCgroupFile cgroups) : IDisposable
    {
        public ProcessIdentity Identity { get; } = identity;

        public ProcessCgroupFile Cgroups { get; } = cgroups;

        public void Dispose() => Cgroups.Dispose();
    }
}
