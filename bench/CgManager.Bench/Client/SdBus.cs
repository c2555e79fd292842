using System.Runtime.InteropServices;

namespace CgManager.Bench.Client;

/// <summary>
/// The few entry points of the system's sd-bus (libsystemd.so.0, the library behind busctl and systemd's
/// own tools) that a blocking client uses. Only the non-variadic calls (LibraryImport cannot call C
/// varargs): arguments go in one at a time. Every call returns a negative errno on failure.
/// </summary>
internal static partial class SdBus
{
    public const string Library = "libsystemd.so.0";

    public const byte TypeInt32 = (byte)'i';
    public const byte TypeString = (byte)'s';

    /// <summary>sd_bus_error is { const char *name; const char *message; int _need_free; }: 24 bytes on LP64, given 32.</summary>
    public const int ErrorSize = 32;

    [LibraryImport(Library, EntryPoint = "sd_bus_new")]
    public static partial int New(out nint bus);

    [LibraryImport(Library, EntryPoint = "sd_bus_set_address", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetAddress(nint bus, string address);

    /// <summary>0: a peer-to-peer connection (no Hello, no bus daemon).</summary>
    [LibraryImport(Library, EntryPoint = "sd_bus_set_bus_client")]
    public static partial int SetBusClient(nint bus, int isBusClient);

    [LibraryImport(Library, EntryPoint = "sd_bus_start")]
    public static partial int Start(nint bus);

    [LibraryImport(Library, EntryPoint = "sd_bus_flush_close_unref")]
    public static partial nint FlushCloseUnref(nint bus);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_new_method_call", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MessageNewMethodCall(nint bus, out nint message, string? destination, string path, string iface, string member);

    /// <summary>For 's' <paramref name="value"/> is the C string itself; for 'i' it points to the int32.</summary>
    [LibraryImport(Library, EntryPoint = "sd_bus_message_append_basic")]
    public static partial int MessageAppendBasic(nint message, byte type, nint value);

    /// <summary>Sends the call and waits in ppoll for its reply; a D-Bus error reply fills <paramref name="error"/>.</summary>
    [LibraryImport(Library, EntryPoint = "sd_bus_call")]
    public static partial int Call(nint bus, nint message, ulong timeoutUs, nint error, out nint reply);

    /// <summary>For 's' <paramref name="value"/> receives a pointer into the message (valid until it is unreferenced).</summary>
    [LibraryImport(Library, EntryPoint = "sd_bus_message_read_basic")]
    public static partial int MessageReadBasic(nint message, byte type, nint value);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_unref")]
    public static partial nint MessageUnref(nint message);

    [LibraryImport(Library, EntryPoint = "sd_bus_error_free")]
    public static partial void ErrorFree(nint error);
}
