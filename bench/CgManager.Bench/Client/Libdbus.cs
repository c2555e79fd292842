using System.Runtime.InteropServices;

namespace CgManager.Bench.Client;

/// <summary>
/// The few entry points of the system's libdbus (libdbus-1.so.3, the library behind dbus-send and LXC)
/// that a blocking client uses. Only the non-variadic calls: arguments go in through a message iterator.
/// </summary>
internal static partial class Libdbus
{
    private const string Library = "libdbus-1.so.3";

    public const int TypeInt32 = 'i';
    public const int TypeString = 's';
    public const int MessageTypeError = 3;

    /// <summary>DBusError is four words; DBusMessageIter is opaque and under 128 bytes on every ABI.</summary>
    public const int ErrorSize = 64;
    public const int IterSize = 128;

    [LibraryImport(Library, EntryPoint = "dbus_error_init")]
    public static partial void ErrorInit(nint error);

    [LibraryImport(Library, EntryPoint = "dbus_error_free")]
    public static partial void ErrorFree(nint error);

    [LibraryImport(Library, EntryPoint = "dbus_error_is_set")]
    public static partial uint ErrorIsSet(nint error);

    [LibraryImport(Library, EntryPoint = "dbus_connection_open_private", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ConnectionOpenPrivate(string address, nint error);

    [LibraryImport(Library, EntryPoint = "dbus_connection_close")]
    public static partial void ConnectionClose(nint connection);

    [LibraryImport(Library, EntryPoint = "dbus_connection_unref")]
    public static partial void ConnectionUnref(nint connection);

    [LibraryImport(Library, EntryPoint = "dbus_connection_set_exit_on_disconnect")]
    public static partial void ConnectionSetExitOnDisconnect(nint connection, uint exitOnDisconnect);

    [LibraryImport(Library, EntryPoint = "dbus_connection_send_with_reply_and_block")]
    public static partial nint SendWithReplyAndBlock(nint connection, nint message, int timeoutMs, nint error);

    [LibraryImport(Library, EntryPoint = "dbus_message_new_method_call", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint MessageNewMethodCall(string? destination, string path, string iface, string method);

    [LibraryImport(Library, EntryPoint = "dbus_message_unref")]
    public static partial void MessageUnref(nint message);

    [LibraryImport(Library, EntryPoint = "dbus_message_iter_init_append")]
    public static partial void IterInitAppend(nint message, nint iter);

    [LibraryImport(Library, EntryPoint = "dbus_message_iter_append_basic")]
    public static partial uint IterAppendBasic(nint iter, int type, nint value);

    [LibraryImport(Library, EntryPoint = "dbus_message_iter_init")]
    public static partial uint IterInit(nint message, nint iter);

    [LibraryImport(Library, EntryPoint = "dbus_message_iter_get_arg_type")]
    public static partial int IterGetArgType(nint iter);

    [LibraryImport(Library, EntryPoint = "dbus_message_iter_get_basic")]
    public static partial void IterGetBasic(nint iter, nint value);
}
