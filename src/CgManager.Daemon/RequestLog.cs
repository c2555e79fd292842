using CgManager.Core.Errors;

namespace CgManager.Daemon;

/// <summary>
/// The one line each request leaves in the log, written where requests are dispatched: at debug for every
/// answered request (so <c>--debug</c> logs them all), at info for each refused one (the default shows refusals),
/// at error when a failed all-or-nothing call could not put back what it had changed.
/// </summary>
internal static class RequestLog
{
    /// <summary>A request that was answered; the text is built only when debug lines are kept.</summary>
    public static void Answered<TWho>(string method, TWho who)
    {
        if (Log.Threshold <= LogLevel.Debug)
        {
            Log.Debug($"{method} from {who}: ok");
        }
    }

    /// <summary>A request refused with <paramref name="error"/>: the reason the client got.</summary>
    public static void Refused(string method, object who, CgException error) =>
        Log.Write(error.Kind == CgErrorKind.RestoreFailed ? LogLevel.Error : LogLevel.Info, $"{method} from {who}: {error.Message}");

    /// <summary>A request refused with a D-Bus error name (the proxy relays the host's answers).</summary>
    public static void Refused(string method, object who, string errorName, string message) =>
        Log.Info($"{method} from {who}: {errorName}: {message}");
}
