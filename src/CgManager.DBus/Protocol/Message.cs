using CgManager.Linux;

namespace CgManager.DBus;

/// <summary>
/// One D-Bus message: header fields, body bytes, and the unix fds that came with it.
/// The message owns its fds until a handler takes one with <see cref="TakeFd"/>;
/// <see cref="Dispose"/> closes the rest.
/// </summary>
public sealed class Message : IDisposable
{
    public MessageType Type { get; init; }
    public MessageFlags Flags { get; init; }
    /// <summary>Serial as sent (non-zero on the wire).</summary>
    public uint Serial { get; set; }
    public string? Path { get; init; }
    public string? Interface { get; init; }
    public string? Member { get; init; }
    public string? ErrorName { get; init; }
    /// <summary>0 when the header has no REPLY_SERIAL field.</summary>
    public uint ReplySerial { get; init; }
    public string? Destination { get; init; }
    public string? Sender { get; init; }
    /// <summary>Body signature; "" when the header has no SIGNATURE field.</summary>
    public string Signature { get; init; } = "";
    /// <summary>Endianness of the body as received (we always write little-endian).</summary>
    public bool IsBigEndian { get; init; }
    public ReadOnlyMemory<byte> Body { get; init; }
    /// <summary>Number of fds the UNIX_FDS header field announced (and that arrived).</summary>
    public int UnixFdCount => throw new NotImplementedException();

    /// <summary>Takes ownership of fd number <paramref name="index"/> (as referenced by an 'h' value); null if out of range or already taken.</summary>
    public SafeFd? TakeFd(int index) => throw new NotImplementedException();

    /// <summary>Fds to send with this message; ownership stays with the caller until sent.</summary>
    public IReadOnlyList<SafeFd> OutgoingFds { get; init; } = [];

    /// <summary>A reader positioned at the start of the body.</summary>
    public MessageReader GetBodyReader() => throw new NotImplementedException();

    /// <summary>
    /// Parses one complete message (exactly the bytes <see cref="MessageFraming.GetTotalLength"/> announced).
    /// Validates the header (required fields per type, field types, names and paths), the body
    /// against its signature (every value, padding zero, booleans 0/1, UTF-8 without NUL...) and the
    /// UNIX_FDS count against <paramref name="fds"/>.Length. Takes ownership of <paramref name="fds"/>
    /// (closes them if it throws). Throws <see cref="ProtocolException"/> with a precise message.
    /// </summary>
    public static Message Parse(ReadOnlyMemory<byte> bytes, SafeFd[] fds) => throw new NotImplementedException();

    /// <summary>Serializes (little-endian) with the given serial; UNIX_FDS is written when OutgoingFds is non-empty.</summary>
    public byte[] Serialize(uint serial) => throw new NotImplementedException();

    public static Message CreateMethodCall(string? destination, string path, string? iface, string member,
        string signature, ReadOnlyMemory<byte> body, MessageFlags flags = MessageFlags.None, IReadOnlyList<SafeFd>? fds = null)
        => throw new NotImplementedException();

    public static Message CreateMethodReturn(Message call, string signature, ReadOnlyMemory<byte> body, IReadOnlyList<SafeFd>? fds = null)
        => throw new NotImplementedException();

    /// <summary>An ERROR reply with one string argument (the error message), as every D-Bus implementation sends.</summary>
    public static Message CreateError(Message call, string errorName, string text) => throw new NotImplementedException();

    public static Message CreateSignal(string path, string iface, string member, string signature, ReadOnlyMemory<byte> body)
        => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}

/// <summary>Finding a message's length from its fixed 16-byte header, before the rest has arrived.</summary>
public static class MessageFraming
{
    public const int FixedHeaderLength = 16;

    /// <summary>
    /// Total length of the message whose first 16 bytes are given (header, header-fields array,
    /// padding to 8, body). Throws <see cref="ProtocolException"/> for a bad endianness byte,
    /// protocol version other than 1, an over-long fields array or body, or a total above
    /// <paramref name="maxMessageSize"/> — without allocating anything of the announced size.
    /// </summary>
    public static int GetTotalLength(ReadOnlySpan<byte> first16, int maxMessageSize) => throw new NotImplementedException();
}
