namespace CgManager.Client;

/// <summary>
/// Whether a call that failed because the connection was lost may be sent again on a new one (used by the proxy):
/// a read always may; a change (Create, MovePid, SetValue...) only if it never left this side, because after a
/// timeout, or a connection lost while the answer was awaited, the daemon may well have done it, and doing it
/// again would run it twice (a second Create would even answer "existed").
/// </summary>
internal static class ResendRule
{
    /// <param name="error">The failure.</param>
    /// <param name="idempotent">True for reads (and Ping): running them twice changes nothing.</param>
    public static bool MayResend(CgManagerException error, bool idempotent) =>
        IsConnectionLost(error.ErrorName) && (idempotent || error.NeverSent);

    /// <summary>The connection is gone or did not answer in time; anything else is the daemon's answer.</summary>
    public static bool IsConnectionLost(string errorName) =>
        errorName is CgManagerErrorNames.Disconnected or CgManagerErrorNames.NoServer or CgManagerErrorNames.FileNotFound
            or CgManagerErrorNames.Timeout;
}
