using System.Runtime.InteropServices;
using CgManager.Contract;

namespace CgManager.Bench.Client;

/// <summary>
/// The cycle's calls through the system's sd-bus, as busctl makes them: a peer-to-peer connection
/// (sd_bus_set_bus_client 0: no Hello) and sd_bus_call, which sleeps in ppoll until the reply comes
/// (no spinning). As in <see cref="LibdbusClient"/>, each string is turned into C text once and the
/// buffers are allocated once per client.
/// </summary>
internal sealed class SdBusClient : ICycleClient
{
    private const string ObjectPath = Bus.ObjectPath;
    private const string Interface = CompatApi.Name;
    private const ulong ReplyTimeoutUs = 10_000_000;

    private readonly nint _bus;
    private readonly nint _error;
    private readonly nint _slot;
    private readonly Dictionary<string, nint> _texts = new(StringComparer.Ordinal);

    private SdBusClient(nint bus, nint error, nint slot)
    {
        _bus = bus;
        _error = error;
        _slot = slot;
    }

    public static SdBusClient Connect(string socketPath)
    {
        Check(SdBus.New(out nint bus), "sd_bus_new");
        try
        {
            Check(SdBus.SetAddress(bus, $"unix:path={socketPath}"), "sd_bus_set_address");
            Check(SdBus.SetBusClient(bus, 0), "sd_bus_set_bus_client");
            Check(SdBus.Start(bus), $"sd_bus_start {socketPath}");
        }
        catch
        {
            SdBus.FlushCloseUnref(bus);
            throw;
        }

        nint error = Marshal.AllocHGlobal(SdBus.ErrorSize);
        ZeroError(error);
        return new SdBusClient(bus, error, Marshal.AllocHGlobal(16));
    }

    public void Ping()
    {
        nint call = Begin("Ping");
        AppendInt(call, 0);
        SdBus.MessageUnref(Send(call, "Ping"));
    }

    public int Create(string controller, string cgroup)
    {
        nint call = Begin("Create");
        AppendStrings(call, controller, cgroup);
        return ReadInt(Send(call, "Create"));
    }

    public void SetValue(string controller, string cgroup, string key, string value)
    {
        nint call = Begin("SetValue");
        AppendStrings(call, controller, cgroup, key);
        AppendString(call, value);
        SdBus.MessageUnref(Send(call, "SetValue"));
    }

    public string GetValue(string controller, string cgroup, string key)
    {
        nint call = Begin("GetValue");
        AppendStrings(call, controller, cgroup, key);
        nint reply = Send(call, "GetValue");
        try
        {
            Read(reply, SdBus.TypeString, "GetValue");
            return Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(_slot)) ?? "";
        }
        finally
        {
            SdBus.MessageUnref(reply);
        }
    }

    public void MovePid(string controller, string cgroup, int pid)
    {
        nint call = Begin("MovePid");
        AppendStrings(call, controller, cgroup);
        AppendInt(call, pid);
        SdBus.MessageUnref(Send(call, "MovePid"));
    }

    public int Remove(string controller, string cgroup, bool recursive)
    {
        nint call = Begin("Remove");
        AppendStrings(call, controller, cgroup);
        AppendInt(call, recursive ? 1 : 0);
        return ReadInt(Send(call, "Remove"));
    }

    public void Dispose()
    {
        SdBus.FlushCloseUnref(_bus);
        SdBus.ErrorFree(_error);
        Marshal.FreeHGlobal(_error);
        Marshal.FreeHGlobal(_slot);
        foreach (nint text in _texts.Values)
        {
            Marshal.FreeCoTaskMem(text);
        }
    }

    private nint Begin(string method)
    {
        int rc = SdBus.MessageNewMethodCall(_bus, out nint call, null, ObjectPath, Interface, method);
        return rc < 0 ? throw new CallFailedException($"sd-bus: new {method} message: {Errno(rc)}") : call;
    }

    private void AppendStrings(nint call, string first, string second, string? third = null)
    {
        AppendString(call, first);
        AppendString(call, second);
        if (third is not null)
        {
            AppendString(call, third);
        }
    }

    /// <summary>sd-bus takes a string argument as the C string itself (libdbus wants a pointer to it).</summary>
    private void AppendString(nint call, string value)
    {
        if (!_texts.TryGetValue(value, out nint text))
        {
            text = Marshal.StringToCoTaskMemUTF8(value);
            _texts[value] = text;
        }

        Appended(call, SdBus.MessageAppendBasic(call, SdBus.TypeString, text));
    }

    private void AppendInt(nint call, int value)
    {
        Marshal.WriteInt32(_slot, value);
        Appended(call, SdBus.MessageAppendBasic(call, SdBus.TypeInt32, _slot));
    }

    private static void Appended(nint call, int rc)
    {
        if (rc < 0)
        {
            SdBus.MessageUnref(call);
            throw new CallFailedException($"sd-bus: append an argument: {Errno(rc)}");
        }
    }

    /// <summary>Sends the call, blocks for its reply and returns it; an error reply (or a failed call) throws.</summary>
    private nint Send(nint call, string method)
    {
        int rc = SdBus.Call(_bus, call, ReplyTimeoutUs, _error, out nint reply);
        SdBus.MessageUnref(call);
        if (rc < 0)
        {
            string why = Marshal.ReadIntPtr(_error) is var name and not 0
                ? $"{Marshal.PtrToStringUTF8(name)}: {Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(_error, IntPtr.Size))}"
                : Errno(rc);
            SdBus.ErrorFree(_error); // which leaves it unset (SD_BUS_ERROR_NULL) for the next call
            throw new CallFailedException($"{method}: {why}");
        }

        return reply;
    }

    private int ReadInt(nint reply)
    {
        try
        {
            Read(reply, SdBus.TypeInt32, "reply");
            return Marshal.ReadInt32(_slot);
        }
        finally
        {
            SdBus.MessageUnref(reply);
        }
    }

    /// <summary>Reads the reply's next argument into the slot; a reply of another type fails (-ENXIO).</summary>
    private void Read(nint reply, byte type, string what)
    {
        int rc = SdBus.MessageReadBasic(reply, type, _slot);
        if (rc <= 0)
        {
            throw new CallFailedException($"{what}: the reply does not start with '{(char)type}' ({(rc == 0 ? "empty" : Errno(rc))})");
        }
    }

    /// <summary>sd_bus_call wants an unset error (SD_BUS_ERROR_NULL, all zero), or it refuses to overwrite it.</summary>
    private static void ZeroError(nint error)
    {
        for (int i = 0; i < SdBus.ErrorSize; i += sizeof(long))
        {
            Marshal.WriteInt64(error, i, 0);
        }
    }

    private static void Check(int rc, string what)
    {
        if (rc < 0)
        {
            throw new IOException($"sd-bus cannot connect: {what}: {Errno(rc)}");
        }
    }

    private static string Errno(int rc) => Marshal.GetPInvokeErrorMessage(-rc);
}
