using CgManager.Contract;

namespace CgManager.Client;

/// <summary>
/// A request the cgroup manager refused or could not serve. <see cref="ErrorName"/> is the D-Bus
/// error name the daemon replied with (for example <c>org.freedesktop.DBus.Error.InvalidArgs</c>),
/// or one of the client-side names in <see cref="CgManagerErrorNames"/>; <see cref="Exception.Message"/>
/// is the daemon's message verbatim (it starts with a stable reason such as <c>permission denied:</c>).
/// </summary>
public sealed class CgManagerException : Exception
{
    /// <summary>Creates an exception with an error name, the message and the method it concerns.</summary>
    /// <param name="errorName">The D-Bus error name, or a name from <see cref="CgManagerErrorNames"/>.</param>
    /// <param name="message">The precise message, as the daemon gave it.</param>
    /// <param name="method">The D-Bus method called, or null when no call was made (connecting).</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public CgManagerException(string errorName, string message, string? method = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorName = errorName;
        Method = method;
    }

    /// <summary>Creates an exception with <see cref="CgManagerErrorNames.Failed"/> as its name.</summary>
    public CgManagerException()
        : this(CgManagerErrorNames.Failed, "the cgroup manager request failed")
    {
    }

    /// <summary>Creates an exception with <see cref="CgManagerErrorNames.Failed"/> as its name.</summary>
    /// <param name="message">The message.</param>
    public CgManagerException(string message)
        : this(CgManagerErrorNames.Failed, message)
    {
    }

    /// <summary>Creates an exception with <see cref="CgManagerErrorNames.Failed"/> as its name.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying failure.</param>
    public CgManagerException(string message, Exception innerException)
        : this(CgManagerErrorNames.Failed, message, null, innerException)
    {
    }

    /// <summary>The D-Bus error name, or a client-side name from <see cref="CgManagerErrorNames"/>.</summary>
    public string ErrorName { get; }

    /// <summary>
    /// Why the daemon refused the request, read back from the error through the interface's error table
    /// (<see cref="ErrorTable"/>: Manager1's error name, or the compat message's reason prefix); null for
    /// failures that are not refusals of the contract (transport, protocol, timeouts, unknown methods).
    /// </summary>
    public CgErrorKind? Kind { get; init; }

    /// <summary>The D-Bus method that failed (e.g. <c>Create</c> or <c>CreateScm</c>); null for connection failures.</summary>
    public string? Method { get; }

    /// <summary>
    /// True when the call was refused before any byte of it reached the socket (the connection was already known
    /// lost, or the send itself failed), so the daemon cannot have run it and sending it again is safe.
    /// </summary>
    internal bool NeverSent { get; init; }
}
