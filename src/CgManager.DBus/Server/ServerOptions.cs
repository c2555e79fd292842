namespace CgManager.DBus.Server;

/// <summary>Limits and settings of a <see cref="DBusServer"/>, each a named value.</summary>
public sealed class ServerOptions
{
    /// <summary>Connections served at once; further clients are closed at accept.</summary>
    public int MaxConnections { get; init; } = 4096;

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

    /// <summary>The server GUID sent in the SASL OK line (32 hex digits).</summary>
    public string Guid { get; init; } = System.Guid.NewGuid().ToString("N");
}
