using System.Globalization;
using CgManager.DBus.Transport;
using CgManager.Linux.Sockets;

namespace CgManager.DBus.Server;

/// <summary>One accepted client: its transport, its kernel credentials and its bookkeeping.</summary>
public sealed class ServerConnection : IDisposable
{
    internal ServerConnection(long id, DBusConnection transport, PeerCredentials peer)
    {
        Id = id;
        Transport = transport;
        Peer = peer;
        UniqueName = ":1." + id.ToString(CultureInfo.InvariantCulture);
    }

    public long Id { get; }

    /// <summary>The name we hand out when a bus-minded client says Hello.</summary>
    public string UniqueName { get; }

    public PeerCredentials Peer { get; }

    public DBusConnection Transport { get; }

    /// <summary>
    /// Per-connection data of the application (e.g. the peer's namespace facts, read once);
    /// disposed with the connection when it is <see cref="IDisposable"/>.
    /// </summary>
    public object? State { get; set; }

    /// <summary>Reused for every reply built on the connection's reading thread.</summary>
    internal MessageWriter ReplyWriter { get; } = new();

    /// <summary>Sends a message (a late reply) and waits for it to leave, at most the send deadline. Thread-safe.</summary>
    public void Send(Message message) => Transport.Send(message);

    /// <summary>
    /// Queues a signal without ever waiting; false when the peer is not taking its messages (see
    /// <see cref="DBusConnection.Post"/>): then <see cref="Drop"/> it.
    /// </summary>
    public bool Post(Message message) => Transport.Post(message);

    /// <summary>Ends the connection from another thread: its reading thread sees the end and cleans up.</summary>
    public void Drop() => Transport.Shutdown();

    public void Dispose()
    {
        Transport.Dispose();
        (State as IDisposable)?.Dispose();
    }
}
