using CgManager.Contract;
using CgManager.DBus;
using CgManager.DBus.Transport;
using CgManager.Linux.Sockets;

namespace CgManager.Bench.Client;

/// <summary>
/// A small synchronous client over the repository's own codec and transport: one connection,
/// one call at a time, used by exactly one thread. The body writer is reused between calls.
/// </summary>
internal sealed class BenchClient : ICycleClient
{
    private static readonly TimeSpan HandshakeLimit = TimeSpan.FromSeconds(5);

    /// <summary>No reply within this is a hung daemon: the call throws instead of blocking the run.</summary>
    private static readonly TimeSpan ReplyLimit = TimeSpan.FromSeconds(10);

    /// <summary>Large enough for ListChildren of 10k names (about 160 KiB).</summary>
    private const int MaxReplySize = 16 * 1024 * 1024;

    private readonly DBusConnection _connection;
    private readonly MessageWriter _body = new();

    private BenchClient(DBusConnection connection) => _connection = connection;

    public static BenchClient Connect(string socketPath)
    {
        var socket = UnixSocket.Connect(socketPath);
        var connection = new DBusConnection(socket, MaxReplySize) { SpinBeforeBlocking = DBusConnection.ReplySpin };
        try
        {
            connection.Authenticate(0, negotiateUnixFds: false, HandshakeLimit);
            socket.SetReceiveTimeout(ReplyLimit);
            return new BenchClient(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Ping()
    {
        Body().WriteInt32(0);
        Call(CompatApi.Ping).Dispose();
    }

    /// <summary>Create(controller, cgroup) → existed.</summary>
    public int Create(string controller, string cgroup)
    {
        Strings(controller, cgroup);
        return ReadInt(Call(CompatApi.Create));
    }

    public void SetValue(string controller, string cgroup, string key, string value)
    {
        Strings(controller, cgroup, key);
        _body.WriteString(value);
        Call(CompatApi.SetValue).Dispose();
    }

    public string GetValue(string controller, string cgroup, string key)
    {
        Strings(controller, cgroup, key);
        using var reply = Call(CompatApi.GetValue);
        return reply.GetBodyReader().ReadString();
    }

    public void MovePid(string controller, string cgroup, int pid)
    {
        Strings(controller, cgroup);
        _body.WriteInt32(pid);
        Call(CompatApi.MovePid).Dispose();
    }

    /// <summary>Remove(controller, cgroup, recursive) → existed.</summary>
    public int Remove(string controller, string cgroup, bool recursive)
    {
        Strings(controller, cgroup);
        _body.WriteInt32(recursive ? 1 : 0);
        return ReadInt(Call(CompatApi.Remove));
    }

    /// <summary>ListChildren → how many names came back.</summary>
    public int ListChildren(string controller, string cgroup)
    {
        Strings(controller, cgroup);
        return CountArray(Call(CompatApi.ListChildren), 's');
    }

    /// <summary>GetTasksRecursive → how many pids came back.</summary>
    public int GetTasksRecursive(string controller, string cgroup)
    {
        Strings(controller, cgroup);
        return CountArray(Call(CompatApi.GetTasksRecursive), 'i');
    }

    public void Dispose() => _connection.Dispose();

    private MessageWriter Body()
    {
        _body.Reset();
        return _body;
    }

    private void Strings(string first, string second, string? third = null)
    {
        Body().WriteString(first);
        _body.WriteString(second);
        if (third is not null)
        {
            _body.WriteString(third);
        }
    }

    /// <summary>Sends one call with the body written so far and waits for its reply; an error reply throws <see cref="CallFailedException"/>.</summary>
    private Message Call(WireMethod method)
    {
        string member = method.Name;
        uint serial;
        using (var call = Message.CreateMethodCall(null, Bus.ObjectPath, method.Interface, member, method.InSignature, _body.WrittenMemory))
        {
            serial = _connection.Send(call);
        }

        while (true)
        {
            var reply = _connection.ReadMessage() ?? throw new IOException($"{member}: the daemon closed the connection");
            if (reply.ReplySerial != serial)
            {
                reply.Dispose();
                continue;
            }

            if (reply.Type == MessageType.Error)
            {
                string text = reply.Signature.StartsWith('s') ? reply.GetBodyReader().ReadString() : "";
                reply.Dispose();
                throw new CallFailedException($"{member}: {reply.ErrorName}: {text}");
            }

            return reply;
        }
    }

    private static int ReadInt(Message reply)
    {
        using (reply)
        {
            return reply.GetBodyReader().ReadInt32();
        }
    }

    private static int CountArray(Message reply, char element)
    {
        using (reply)
        {
            var reader = reply.GetBodyReader();
            int end = reader.ReadArrayStart(element);
            int count = 0;
            while (reader.HasNext(end))
            {
                if (element == 's')
                {
                    reader.ReadString();
                }
                else
                {
                    reader.ReadInt32();
                }

                count++;
            }

            return count;
        }
    }
}

/// <summary>The daemon answered a call with an error.</summary>
internal sealed class CallFailedException : Exception
{
    public CallFailedException(string message)
        : base(message)
    {
    }

    public CallFailedException()
    {
    }

    public CallFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
