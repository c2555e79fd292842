using CgManager.Linux;

namespace CgManager.DBus;

/// <summary>
/// One D-Bus message: header fields, body bytes, and the unix fds that came with it.
/// The message owns its fds until a handler takes one with <see cref="TakeFd"/>;
/// <see cref="Dispose"/> closes the rest.
/// </summary>
public sealed partial class Message : IDisposable
{
    // Received fds; a slot becomes null once taken or closed, so each fd has exactly one owner.
    private SafeFd?[] _fds = [];

    public MessageType Type { get; init; }
    public MessageFlags Flags { get; init; }
    /// <summary>Serial as sent (non-zero on the wire); <see cref="Serialize"/> sets it to the serial it writes.</summary>
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
    /// <summary>The body; for a parsed message, a copy, so the receive buffer can be reused at once.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }
    /// <summary>Number of fds the UNIX_FDS header field announced (and that arrived).</summary>
    public int UnixFdCount => _fds.Length;

    /// <summary>Takes ownership of fd number <paramref name="index"/> (as referenced by an 'h' value); null if out of range or already taken.</summary>
    public SafeFd? TakeFd(int index) =>
        (uint)index < (uint)_fds.Length ? Interlocked.Exchange(ref _fds[index], null) : null;

    /// <summary>Fds to send with this message; ownership stays with the caller until sent.</summary>
    public IReadOnlyList<SafeFd> OutgoingFds { get; init; } = [];

    /// <summary>A reader positioned at the start of the body, which checks 'h' indexes against <see cref="UnixFdCount"/>.</summary>
    public MessageReader GetBodyReader() => new(Body.Span, IsBigEndian, UnixFdCount);

    /// <summary>Closes the received fds nobody took; <see cref="OutgoingFds"/> belong to the caller and stay open.</summary>
    public void Dispose()
    {
        for (int i = 0; i < _fds.Length; i++)
        {
            Interlocked.Exchange(ref _fds[i], null)?.Dispose();
        }
    }
}
