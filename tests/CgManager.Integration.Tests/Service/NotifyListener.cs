using System.Net.Sockets;
using System.Text;

namespace CgManager.Integration.Tests.Service;

/// <summary>A service manager's notification socket: an AF_UNIX datagram socket at a path or an abstract name ("@...").</summary>
public sealed class NotifyListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public NotifyListener(string address)
    {
        Address = address;
        // .NET writes an abstract name as a leading NUL.
        _socket.Bind(new UnixDomainSocketEndPoint(address.StartsWith('@') ? "\0" + address[1..] : address));
    }

    /// <summary>What NOTIFY_SOCKET is set to.</summary>
    public string Address { get; }

    /// <summary>The next datagram as KEY=VALUE lines; fails after the timeout.</summary>
    public Dictionary<string, string> Receive(TimeSpan? timeout = null)
    {
        _socket.ReceiveTimeout = (int)(timeout ?? TimeSpan.FromSeconds(20)).TotalMilliseconds;
        var buffer = new byte[4096];
        int n;
        try
        {
            n = _socket.Receive(buffer);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
        {
            throw new TimeoutException("no notification arrived");
        }

        return Encoding.UTF8.GetString(buffer, 0, n).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "", StringComparer.Ordinal);
    }

    /// <summary>Datagrams until one has KEY; the ones before are returned too, in order.</summary>
    public List<Dictionary<string, string>> ReceiveUntil(string key)
    {
        var seen = new List<Dictionary<string, string>>();
        while (true)
        {
            var message = Receive();
            seen.Add(message);
            if (message.ContainsKey(key))
            {
                return seen;
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
