using System.Text;
using CgManager.DBus;
using CgManager.DBus.Transport;
using CgManager.Linux.Sockets;

namespace CgManager.Integration.Tests.Infrastructure;

/// <summary>
/// Our own minimal client over the daemon's codec and transport: for robustness tests that
/// need to send exactly the bytes they choose, and for calls with fds.
/// </summary>
public sealed class RawClient : IDisposable
{
    private RawClient(DBusConnection connection) => Connection = connection;

    public DBusConnection Connection { get; }

    public static RawClient Connect(string socketPath, bool negotiateFds = true)
    {
        var socket = UnixSocket.Connect(socketPath);
        socket.SetReceiveTimeout(TimeSpan.FromSeconds(10));
        var connection = new DBusConnection(socket);
        connection.Authenticate(0, negotiateFds, TimeSpan.FromSeconds(5));
        socket.SetReceiveTimeout(TimeSpan.FromSeconds(10));
        return new RawClient(connection);
    }

    /// <summary>Calls a method and returns the reply (method return or error).</summary>
    public Message Call(string? iface, string member, string signature = "", Action<MessageWriter>? body = null,
        string path = "/org/linuxcontainers/cgmanager", IReadOnlyList<CgManager.Linux.SafeFd>? fds = null, MessageFlags flags = MessageFlags.None)
    {
        var writer = new MessageWriter();
        body?.Invoke(writer);
        using var call = Message.CreateMethodCall(null, path, iface, member, signature, writer.WrittenMemory.ToArray(), flags, fds);
        uint serial = Connection.Send(call);
        while (true)
        {
            var reply = Connection.ReadMessage() ?? throw new IOException("daemon closed the connection");
            if (reply.ReplySerial == serial)
            {
                return reply;
            }

            reply.Dispose();
        }
    }

    public static string ErrorText(Message reply)
    {
        if (reply.Type != MessageType.Error)
        {
            return "";
        }

        var reader = reply.GetBodyReader();
        return reply.Signature.StartsWith('s') ? reader.ReadString() : "";
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public void Dispose() => Connection.Dispose();
}
