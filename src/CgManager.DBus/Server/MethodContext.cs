using CgManager.Linux.Sockets;

namespace CgManager.DBus.Server;

/// <summary>What a method handler knows about the call it is serving.</summary>
public sealed class MethodContext
{
    public MethodContext(ServerConnection connection, Message request)
    {
        Connection = connection;
        Request = request;
    }

    public ServerConnection Connection { get; }

    public Message Request { get; }

    /// <summary>The kernel's word on who is at the other end (SO_PEERCRED at accept).</summary>
    public PeerCredentials Peer => Connection.Peer;
}
