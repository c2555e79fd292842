using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CgManager.Daemon.Metrics;

/// <summary>
/// Where --metrics listens: <c>unix:PATH</c> (the socket file is root's, 0600: per-cgroup usage is no
/// business of other users), or <c>ADDRESS:PORT</c> on a loopback address only (every local user can reach it).
/// </summary>
internal sealed record MetricsEndpoint(EndPoint EndPoint, string Display)
{
    public bool IsUnix => EndPoint is UnixDomainSocketEndPoint;

    public static MetricsEndpoint Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.StartsWith("unix:", StringComparison.Ordinal))
        {
            string path = value["unix:".Length..];
            return path.StartsWith('/') && path.Length > 1
                ? new MetricsEndpoint(new UnixDomainSocketEndPoint(path), value)
                : throw new ArgumentException($"--metrics unix:PATH needs an absolute path, got '{value}'");
        }

        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port) || port == 0)
        {
            throw new ArgumentException($"--metrics takes unix:PATH or ADDRESS:PORT (e.g. 127.0.0.1:9464), got '{value}'");
        }

        string host = value[..colon].Trim('[', ']');
        if (!IPAddress.TryParse(host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"--metrics listens on a loopback address only (127.0.0.1, ::1), not '{host}': put a proxy in front to export it further");
        }

        return new MetricsEndpoint(new IPEndPoint(address, port), value);
    }
}
