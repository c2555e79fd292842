using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CgManager.DBus;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Observability;

/// <summary>
/// Issue 16, point 5: --metrics serves the daemon's own metrics as Prometheus text over HTTP/1.1, scraped here
/// with curl, checked with promtool, and counted as the calls were made.
/// </summary>
public sealed partial class MetricsEndpointTests
{
    private const string Compat = "org.linuxcontainers.cgmanager0_0";

    private static RunningDaemon StartWithMetrics(out string socket)
    {
        string folder = Directory.CreateTempSubdirectory("cgm-metrics-").FullName;
        socket = Path.Combine(folder, "metrics.sock");
        return RunningDaemon.Start(["--metrics", "unix:" + socket]);
    }

    private static string Scrape(string socket, string path = "/metrics") =>
        Tool.Ok("curl", "--silent", "--show-error", "--fail", "--max-time", "10", "--unix-socket", socket, "http://localhost" + path);

    private static double Sample(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    [Fact]
    public void Calls_are_counted_by_method_and_outcome_and_the_exposition_passes_promtool()
    {
        using var daemon = StartWithMetrics(out string socket);
        using (var client = RawClient.Connect(daemon.SocketPath))
        {
            for (int i = 0; i < 3; i++)
            {
                using var pong = client.Call(Compat, "Ping", "i", w => w.WriteInt32(0));
                Assert.Equal(MessageType.MethodReturn, pong.Type);
            }

            using var refused = client.Call(Compat, "GetValue", "sss", w =>
            {
                w.WriteString("memory");
                w.WriteString("no-such-cgroup-for-metrics");
                w.WriteString("memory.limit_in_bytes");
            });
            Assert.Equal(MessageType.Error, refused.Type);
            using var unknown = client.Call(Compat, "NoSuchMethodAtAll");
            Assert.Equal("org.freedesktop.DBus.Error.UnknownMethod", unknown.ErrorName);
        }

        string text = Scrape(socket);
        Assert.Equal(3, Sample(text, $"cgmanager_requests_total{{interface=\"{Compat}\",method=\"Ping\",outcome=\"ok\"}}"));
        Assert.Equal(1, Sample(text, $"cgmanager_requests_total{{interface=\"{Compat}\",method=\"GetValue\",outcome=\"NoSuchCgroup\"}}"));
        // a name the client made up is not a label of its own: the series stay bounded
        Assert.Equal(1, Sample(text, $"cgmanager_requests_total{{interface=\"{Compat}\",method=\"other\",outcome=\"UnknownMethod\"}}"));
        Assert.DoesNotContain("NoSuchMethodAtAll", text, StringComparison.Ordinal);
        Assert.Equal(1, Sample(text, "cgmanager_refusals_total{reason=\"NoSuchCgroup\"}"));
        Assert.Equal(3, Sample(text, $"cgmanager_request_duration_seconds_count{{interface=\"{Compat}\",method=\"Ping\"}}"));
        Assert.Equal(3, Sample(text, $"cgmanager_request_duration_seconds_bucket{{interface=\"{Compat}\",method=\"Ping\",le=\"+Inf\"}}"));
        Assert.True(Sample(text, "process_resident_memory_bytes") > 1_000_000, text);
        Assert.Contains("cgmanager_events_delivered_total 0", text, StringComparison.Ordinal);

        var check = Tool.Run(Repo.Promtool, ["check", "metrics"], stdin: text);
        Assert.True(check.ExitCode == 0, $"promtool: {check}\n{text}");
    }

    [Fact]
    public void The_unix_socket_is_roots_alone_and_other_requests_get_http_errors()
    {
        using var daemon = StartWithMetrics(out string socket);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
        var missing = Tool.Run("curl", "--silent", "--max-time", "10", "--unix-socket", socket, "-o", "/dev/null", "-w", "%{http_code}", "http://localhost/nothing");
        Assert.Equal("404", missing.Stdout);
        var post = Tool.Run("curl", "--silent", "--max-time", "10", "--unix-socket", socket, "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "http://localhost/metrics");
        Assert.Equal("405", post.Stdout);
        var head = Tool.Ok("curl", "--silent", "--max-time", "10", "--unix-socket", socket, "--head", "http://localhost/metrics");
        Assert.Contains("Content-Type: text/plain; version=0.0.4", head, StringComparison.Ordinal);
        // a client that sends half a request and stalls holds the endpoint at most its deadline
        using var stalled = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stalled.Connect(new UnixDomainSocketEndPoint(socket));
        stalled.Send("GET /metr"u8.ToArray());
        Assert.Contains("cgmanager_connections", Scrape(socket), StringComparison.Ordinal);
    }

    [Fact]
    public void A_loopback_port_serves_the_same_and_other_addresses_are_refused()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using (var daemon = RunningDaemon.Start(["--metrics", $"127.0.0.1:{port}"]))
        {
            string text = Tool.Ok("curl", "--silent", "--show-error", "--fail", "--max-time", "10", $"http://127.0.0.1:{port}/metrics");
            Assert.Matches(ConnectionsLine(), text);
        }

        var refused = Tool.Run(Repo.DaemonBinary, ["--socket", "/tmp/cgm-never/sock", "--metrics", "0.0.0.0:9464"]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("loopback address only", refused.Stderr, StringComparison.Ordinal);
        var bad = Tool.Run(Repo.DaemonBinary, ["--socket", "/tmp/cgm-never/sock", "--metrics", "unix:relative"]);
        Assert.Contains("absolute path", bad.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^cgmanager_connections \d+$", RegexOptions.Multiline)]
    private static partial Regex ConnectionsLine();
}
