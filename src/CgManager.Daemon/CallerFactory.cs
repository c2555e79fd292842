using CgManager.Core.Access;
using CgManager.Core.Operations;
using CgManager.DBus.Server;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon;

/// <summary>
/// Builds the <see cref="Caller"/> of a request from kernel facts. The peer's namespaces and id maps
/// are read once per connection (SO_PEERCRED is fixed at connect); its cgroups are read per request.
/// </summary>
internal sealed class CallerFactory
{
    private readonly ProcessFacts _facts;

    public CallerFactory(ProcessFacts facts) => _facts = facts;

    /// <summary>A plain call: r = p = the connection's peer.</summary>
    public Caller Plain(MethodContext context)
    {
        var peer = context.Peer;
        var identity = PeerIdentity(context.Connection);
        var cgroups = _facts.CgroupsOf(peer.Pid);
        return new Caller(ProcessFacts.RequestorOf(peer, identity), cgroups, peer, cgroups, CallStyle.Plain);
    }

    /// <summary>An Scm call: r from the first credential, p the connection's peer.</summary>
    public Caller Scm(MethodContext context, PeerCredentials requestor)
    {
        var peer = context.Peer;
        var identity = requestor.Pid == peer.Pid ? PeerIdentity(context.Connection) : _facts.IdentityOf(requestor.Pid);
        return new Caller(ProcessFacts.RequestorOf(requestor, identity), _facts.CgroupsOf(requestor.Pid), peer,
            _facts.CgroupsOf(peer.Pid), CallStyle.Scm);
    }

    private ProcessIdentity PeerIdentity(ServerConnection connection)
    {
        if (connection.State is ProcessIdentity cached)
        {
            return cached;
        }

        var identity = _facts.IdentityOf(connection.Peer.Pid);
        connection.State = identity;
        return identity;
    }
}
