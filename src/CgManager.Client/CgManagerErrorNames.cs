namespace CgManager.Client;

/// <summary>
/// Error names a <see cref="CgManagerException"/> carries. The daemon's own refusals are
/// <see cref="InvalidArgs"/> (as in cgmanager 0.42); connection failures use the names libdbus
/// gives them; the Scm side channel, which carries no error text, has names of its own.
/// </summary>
public static class CgManagerErrorNames
{
    /// <summary>Every refusal on the compat interface (spec §1.5); the message says why.</summary>
    public const string InvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";

    /// <summary>A method the daemon does not know.</summary>
    public const string UnknownMethod = "org.freedesktop.DBus.Error.UnknownMethod";

    /// <summary>A read-only property was set, or the socket may not be opened.</summary>
    public const string AccessDenied = "org.freedesktop.DBus.Error.AccessDenied";

    /// <summary>The daemon refused more work (for example too many Scm exchanges at once).</summary>
    public const string LimitsExceeded = "org.freedesktop.DBus.Error.LimitsExceeded";

    /// <summary>Generic failure.</summary>
    public const string Failed = "org.freedesktop.DBus.Error.Failed";

    /// <summary>The socket does not exist (no daemon has ever listened there).</summary>
    public const string FileNotFound = "org.freedesktop.DBus.Error.FileNotFound";

    /// <summary>The socket exists but nobody listens on it (connection refused).</summary>
    public const string NoServer = "org.freedesktop.DBus.Error.NoServer";

    /// <summary>The connection dropped, or the daemon closed it.</summary>
    public const string Disconnected = "org.freedesktop.DBus.Error.Disconnected";

    /// <summary>The SASL handshake failed.</summary>
    public const string AuthFailed = "org.freedesktop.DBus.Error.AuthFailed";

    /// <summary>The daemon did not answer in time (a missing kick or result on the Scm side channel).</summary>
    public const string Timeout = "org.freedesktop.DBus.Error.Timeout";

    /// <summary>The daemon did not agree to pass unix fds, so no Scm method can be called.</summary>
    public const string NotSupported = "org.freedesktop.DBus.Error.NotSupported";

    /// <summary>
    /// Client-side only (never on the wire): the daemon reported failure on the Scm side channel
    /// (<c>'0'</c>, an empty datagram or a count of -1). The side channel carries no reason.
    /// </summary>
    public const string ScmFailed = "org.linuxcontainers.cgmanager0_0.Error.ScmFailed";

    /// <summary>Client-side only: the daemon sent bytes on the Scm side channel that §4.6 does not allow.</summary>
    public const string ScmProtocol = "org.linuxcontainers.cgmanager0_0.Error.ScmProtocol";
}
