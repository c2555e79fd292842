namespace CgManager.DBus.Server;

/// <summary>Limits and settings of a <see cref="DBusServer"/>, each a named value.</summary>
public sealed class ServerOptions
{
    /// <summary>Connections served at once; further clients are closed at accept.</summary>
    public int MaxConnections { get; init; } = DefaultMaxConnections;

    public const int DefaultMaxConnections = 4096;

    /// <summary>Connections one uid other than root may hold: well below the total, so one user cannot take every slot (and thread).</summary>
    public int MaxConnectionsPerUid { get; init; } = DefaultMaxConnectionsPerUid;

    public const int DefaultMaxConnectionsPerUid = 256;

    /// <summary>Connection slots only root may use, so that root's requests are served when all users together fill the rest.</summary>
    public int ConnectionsReservedForRoot { get; init; } = DefaultConnectionsReservedForRoot;

    public const int DefaultConnectionsReservedForRoot = 64;

    /// <summary>Bytes of unfinished messages (buffer beyond each connection's first 4 KiB) one uid other than root may hold.</summary>
    public long MaxBufferedBytesPerUid { get; init; } = 8L * 1024 * 1024;

    /// <summary>Bytes of unfinished messages all connections together may hold (a quarter of it reserved for root).</summary>
    public long MaxBufferedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Received fds not yet claimed by a complete message that one uid other than root may hold.</summary>
    public int MaxHeldFdsPerUid { get; init; } = 256;

    /// <summary>Such fds all connections together may hold (a quarter of them reserved for root): well below RLIMIT_NOFILE.</summary>
    public int MaxHeldFds { get; init; } = 4096;

    /// <summary>Time from a message's first byte to its last; a peer that stalls mid-message (holding buffer and fds) is dropped.</summary>
    public TimeSpan MessageDeadline { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time a peer may take none of the bytes queued for it (replies, signals) before it is dropped.</summary>
    public TimeSpan SendDeadline { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Bytes of signals that may wait for one peer beyond the kernel's socket buffer; past it the peer is dropped.</summary>
    public long MaxQueuedBytesPerConnection { get; init; } = 256 * 1024;

    /// <summary>Time a client gets for the whole SASL handshake.</summary>
    public TimeSpan AuthenticationDeadline { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest message accepted from a client.</summary>
    public int MaxMessageSize { get; init; } = ProtocolConstants.MaxIncomingMessageSize;

    /// <summary>Listen backlog.</summary>
    public int Backlog { get; init; } = 512;

    /// <summary>Stack of each connection thread; handlers are shallow, so a small stack keeps RSS down.</summary>
    public int ConnectionThreadStackSize { get; init; } = 256 * 1024;

    /// <summary>
    /// How long a connection thread polls for the client's next call before it sleeps: clients
    /// usually send their next call within microseconds, and a sleeping thread costs a wake-up
    /// (see <see cref="Transport.DBusConnection.SpinBeforeBlocking"/>).
    /// </summary>
    public TimeSpan SpinBeforeBlocking { get; init; } = TimeSpan.FromMicroseconds(50);

    /// <summary>
    /// How long a connection's client may send nothing before the connection gives its thread back
    /// and waits with the other idle ones on a single thread (see <see cref="IdleConnections"/>);
    /// null keeps a thread per connection for ever. Calls more often than this keep their thread,
    /// so only a rare caller pays for a new one (tens of microseconds).
    /// </summary>
    public TimeSpan? ParkIdleAfter { get; init; } = DefaultParkIdleAfter;

    public static readonly TimeSpan DefaultParkIdleAfter = TimeSpan.FromSeconds(5);

    /// <summary>The server GUID sent in the SASL OK line (32 hex digits).</summary>
    public string Guid { get; init; } = System.Guid.NewGuid().ToString("N");
}
