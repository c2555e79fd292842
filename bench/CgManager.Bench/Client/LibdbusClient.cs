using System.Runtime.InteropServices;
using CgManager.Contract;

namespace CgManager.Bench.Client;

/// <summary>
/// The cycle's calls through the system's libdbus, as a stock client makes them: a private peer-to-peer
/// connection and dbus_connection_send_with_reply_and_block, which sleeps in poll until the reply
/// comes (no spinning). The strings a worker sends are the same every cycle, so each is turned into
/// C text once; buffers are allocated once per client, so the client side allocates nothing per call.
/// </summary>
internal sealed class LibdbusClient : ICycleClient
{
    private const string ObjectPath = Bus.ObjectPath;
    private const string Interface = CompatApi.Name;
    private const int ReplyTimeoutMs = 10_000;

    private readonly nint _connection;
    private readonly nint _error;
    private readonly nint _iter;
    private readonly nint _slot;
    private readonly Dictionary<string, nint> _texts = new(StringComparer.Ordinal);

    private LibdbusClient(nint connection, nint error, nint iter, nint slot)
    {
        _connection = connection;
        _error = error;
        _iter = iter;
        _slot = slot;
    }

    public static LibdbusClient Connect(string socketPath)
    {
        nint error = Marshal.AllocHGlobal(Libdbus.ErrorSize);
        Libdbus.ErrorInit(error);
        nint connection = Libdbus.ConnectionOpenPrivate($"unix:path={socketPath}", error);
        if (connection == 0)
        {
            string why = ErrorText(error);
            Libdbus.ErrorFree(error);
            Marshal.FreeHGlobal(error);
            throw new IOException($"libdbus cannot connect to {socketPath}: {why}");
        }

        Libdbus.ConnectionSetExitOnDisconnect(connection, 0);
        return new LibdbusClient(connection, error, Marshal.AllocHGlobal(Libdbus.IterSize), Marshal.AllocHGlobal(16));
    }

    public void Ping()
    {
        nint call = Begin("Ping");
        AppendInt(0);
        Libdbus.MessageUnref(Send(call, "Ping"));
    }

    public int Create(string controller, string cgroup)
    {
        nint call = Begin("Create");
        AppendStrings(controller, cgroup);
        return ReadInt(Send(call, "Create"));
    }

    public void SetValue(string controller, string cgroup, string key, string value)
    {
        nint call = Begin("SetValue");
        AppendStrings(controller, cgroup, key);
        AppendString(value);
        Libdbus.MessageUnref(Send(call, "SetValue"));
    }

    public string GetValue(string controller, string cgroup, string key)
    {
        nint call = Begin("GetValue");
        AppendStrings(controller, cgroup, key);
        nint reply = Send(call, "GetValue");
        try
        {
            First(reply, Libdbus.TypeString, "GetValue");
            Libdbus.IterGetBasic(_iter, _slot);
            return Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(_slot)) ?? "";
        }
        finally
        {
            Libdbus.MessageUnref(reply);
        }
    }

    public void MovePid(string controller, string cgroup, int pid)
    {
        nint call = Begin("MovePid");
        AppendStrings(controller, cgroup);
        AppendInt(pid);
        Libdbus.MessageUnref(Send(call, "MovePid"));
    }

    public int Remove(string controller, string cgroup, bool recursive)
    {
        nint call = Begin("Remove");
        AppendStrings(controller, cgroup);
        AppendInt(recursive ? 1 : 0);
        return ReadInt(Send(call, "Remove"));
    }

    public void Dispose()
    {
        Libdbus.ConnectionClose(_connection);
        Libdbus.ConnectionUnref(_connection);
        Libdbus.ErrorFree(_error);
        Marshal.FreeHGlobal(_error);
        Marshal.FreeHGlobal(_iter);
        Marshal.FreeHGlobal(_slot);
        foreach (nint text in _texts.Values)
        {
            Marshal.FreeCoTaskMem(text);
        }
    }

    private nint Begin(string method)
    {
        nint call = Libdbus.MessageNewMethodCall(null, ObjectPath, Interface, method);
        if (call == 0)
        {
            throw new CallFailedException($"libdbus: no memory for a {method} message");
        }

        Libdbus.IterInitAppend(call, _iter);
        return call;
    }

    private void AppendStrings(string first, string second, string? third = null)
    {
        AppendString(first);
        AppendString(second);
        if (third is not null)
        {
            AppendString(third);
        }
    }

    private void AppendString(string value)
    {
        if (!_texts.TryGetValue(value, out nint text))
        {
            text = Marshal.StringToCoTaskMemUTF8(value);
            _texts[value] = text;
        }

        Marshal.WriteIntPtr(_slot, text);
        Appended(Libdbus.IterAppendBasic(_iter, Libdbus.TypeString, _slot));
    }

    private void AppendInt(int value)
    {
        Marshal.WriteInt32(_slot, value);
        Appended(Libdbus.IterAppendBasic(_iter, Libdbus.TypeInt32, _slot));
    }

    /// <summary>libdbus fails an append only when it runs out of memory.</summary>
    private static void Appended(uint ok)
    {
        if (ok == 0)
        {
            throw new CallFailedException("libdbus: no memory to append an argument");
        }
    }

    /// <summary>Sends the call, blocks for its reply and returns it; an error reply throws.</summary>
    private nint Send(nint call, string method)
    {
        nint reply = Libdbus.SendWithReplyAndBlock(_connection, call, ReplyTimeoutMs, _error);
        Libdbus.MessageUnref(call);
        if (reply == 0)
        {
            string why = ErrorText(_error);
            Libdbus.ErrorFree(_error);
            throw new CallFailedException($"{method}: {why}");
        }

        return reply;
    }

    private int ReadInt(nint reply)
    {
        try
        {
            First(reply, Libdbus.TypeInt32, "reply");
            Libdbus.IterGetBasic(_iter, _slot);
            return Marshal.ReadInt32(_slot);
        }
        finally
        {
            Libdbus.MessageUnref(reply);
        }
    }

    private void First(nint reply, int type, string what)
    {
        if (Libdbus.IterInit(reply, _iter) == 0 || Libdbus.IterGetArgType(_iter) != type)
        {
            throw new CallFailedException($"{what}: the reply does not start with '{(char)type}'");
        }
    }

    /// <summary>DBusError begins with its name and message pointers.</summary>
    private static string ErrorText(nint error) =>
        Libdbus.ErrorIsSet(error) == 0
            ? "(no error set)"
            : $"{Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(error))}: {Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(error, IntPtr.Size))}";
}
