using System.Net.Sockets;
using System.Text;

namespace CgManager.Daemon.Metrics;

/// <summary>
/// GET /metrics over HTTP/1.1 on the --metrics endpoint, one request per connection. Scrapes are served one
/// at a time on one thread, each with a short deadline, so a slow or hostile client delays the next scrape by
/// at most that, and costs the D-Bus side nothing.
/// </summary>
internal sealed class MetricsServer : IDisposable
{
    private const int MaxRequestBytes = 8192;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    private readonly Socket _listener;
    private readonly Func<string> _render;
    private readonly Thread _thread;
    private readonly string? _unixPath;
    private volatile bool _stopping;

    private MetricsServer(Socket listener, Func<string> render, string? unixPath)
    {
        _listener = listener;
        _render = render;
        _unixPath = unixPath;
        _thread = new Thread(Serve) { IsBackground = true, Name = "metrics" };
    }

    public static MetricsServer Start(MetricsEndpoint endpoint, Func<string> render)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        string? path = endpoint.EndPoint is UnixDomainSocketEndPoint unix ? unix.ToString() : null;
        var listener = new Socket(endpoint.EndPoint.AddressFamily, SocketType.Stream, endpoint.IsUnix ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            if (path is not null)
            {
                RemoveStaleSocket(path);
            }

            listener.Bind(endpoint.EndPoint);
            if (path is not null)
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            listener.Listen(16);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            listener.Dispose();
            throw new InvalidOperationException($"--metrics {endpoint.Display}: {e.Message}", e);
        }

        var server = new MetricsServer(listener, render, path);
        server._thread.Start();
        return server;
    }

    public void Dispose()
    {
        _stopping = true;
        _listener.Dispose();
        if (_unixPath is not null)
        {
            File.Delete(_unixPath);
        }
    }

    /// <summary>A socket file left by a daemon that died may be replaced; anything else at the path is not ours to remove.</summary>
    private static void RemoveStaleSocket(string path)
    {
        try
        {
            if (Linux.Sys.FstatAt(null, path, Linux.AtFlags.AT_SYMLINK_NOFOLLOW).Type == Linux.FileType.Socket)
            {
                File.Delete(path);
            }
        }
        catch (Linux.LinuxException e) when (e.Errno == Linux.Errno.ENOENT)
        {
        }
    }

    private void Serve()
    {
        while (!_stopping)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_stopping)
                {
                    return;
                }

                Log.Warning($"metrics: accept failed: {e.Message}");
                Thread.Sleep(100); // an accept that keeps failing (EMFILE) must not spin
                continue;
            }

            using (client)
            {
                try
                {
                    Answer(client);
                }
                catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
                {
                    Log.Debug($"metrics: a scrape ended early: {e.Message}");
                }
            }
        }
    }

    private void Answer(Socket client)
    {
        client.ReceiveTimeout = (int)Deadline.TotalMilliseconds;
        client.SendTimeout = (int)Deadline.TotalMilliseconds;
        string? head = ReadHead(client);
        if (head is null)
        {
            Send(client, 400, "Bad Request", "text/plain", "a request line and headers of at most 8 KiB, ended by an empty line\n", body: true);
            return;
        }

        string[] request = head[..head.IndexOf('\r', StringComparison.Ordinal)].Split(' ');
        if (request.Length != 3 || !request[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            Send(client, 400, "Bad Request", "text/plain", "not an HTTP/1.x request line\n", body: true);
            return;
        }

        string target = request[1].Split('?')[0];
        bool isHead = request[0] == "HEAD";
        if (request[0] != "GET" && !isHead)
        {
            Send(client, 405, "Method Not Allowed", "text/plain", "GET or HEAD /metrics\n", body: true, extra: "Allow: GET, HEAD\r\n");
        }
        else if (target != "/metrics")
        {
            Send(client, 404, "Not Found", "text/plain", "the metrics are at /metrics\n", body: !isHead);
        }
        else
        {
            Send(client, 200, "OK", MetricsText.ContentType, _render(), body: !isHead);
        }
    }

    /// <summary>The request line and headers, up to the empty line; null if they do not fit or never end.</summary>
    private static string? ReadHead(Socket client)
    {
        var buffer = new byte[MaxRequestBytes];
        int length = 0;
        while (length < buffer.Length)
        {
            int n = client.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (n == 0)
            {
                return null;
            }

            length += n;
            string text = Encoding.ASCII.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return text;
            }
        }

        return null;
    }

    private static void Send(Socket client, int status, string reason, string contentType, string content, bool body, string extra = "")
    {
        byte[] payload = Encoding.UTF8.GetBytes(content);
        string head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {payload.Length}\r\n{extra}Connection: close\r\n\r\n";
        client.Send(Encoding.ASCII.GetBytes(head));
        if (body)
        {
            client.Send(payload);
        }
    }
}
