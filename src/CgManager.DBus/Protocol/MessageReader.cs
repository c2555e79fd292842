namespace CgManager.DBus;

/// <summary>
/// Reads D-Bus values from a body in either byte order, applying the alignment rules
/// relative to the body start. Every read validates what it reads and throws
/// <see cref="ProtocolException"/> on malformed input.
/// </summary>
public ref partial struct MessageReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _isBigEndian;
    private readonly int _unixFdCount;
    // Where _data starts inside the whole message; only used to report offsets a reader of a hex dump can find.
    private readonly int _origin;
    private int _position;

    /// <summary>
    /// A reader that does not know how many fds came with the message, so it accepts any
    /// 'h' index that fits an int; use <see cref="Message.GetBodyReader"/> to have indexes checked.
    /// </summary>
    public MessageReader(ReadOnlySpan<byte> body, bool isBigEndian)
        : this(body, isBigEndian, int.MaxValue, origin: 0)
    {
    }

    /// <summary>A reader that rejects 'h' indexes not below <paramref name="unixFdCount"/>.</summary>
    public MessageReader(ReadOnlySpan<byte> body, bool isBigEndian, int unixFdCount)
        : this(body, isBigEndian, unixFdCount, origin: 0)
    {
    }

    internal MessageReader(ReadOnlySpan<byte> data, bool isBigEndian, int unixFdCount, int origin)
    {
        _data = data;
        _isBigEndian = isBigEndian;
        _unixFdCount = Math.Max(unixFdCount, 0);
        _origin = origin;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly bool AtEnd => _position == _data.Length;

    internal readonly int Remaining => _data.Length - _position;

    /// <summary>The offset reported in error messages for a position of this reader.</summary>
    private readonly long OffsetOf(int position) => (long)_origin + position;

    /// <summary>Skips the padding up to <paramref name="alignment"/> (a power of two), which must be zero bytes.</summary>
    private void AlignTo(int alignment)
    {
        int padding = -_position & (alignment - 1);
        if (padding == 0)
        {
            return;
        }

        if (padding > Remaining)
        {
            throw new ProtocolException(
                $"the data ends inside the padding to {alignment} at offset {OffsetOf(_position)} ({Remaining} of {padding} bytes present)");
        }

        ReadOnlySpan<byte> pad = _data.Slice(_position, padding);
        int nonZero = pad.IndexOfAnyExcept((byte)0);
        if (nonZero >= 0)
        {
            throw new ProtocolException($"padding byte at offset {OffsetOf(_position + nonZero)} is 0x{pad[nonZero]:x2}, not zero");
        }

        _position += padding;
    }

    /// <summary>Aligns to <paramref name="size"/> and consumes that many bytes of a fixed-size value.</summary>
    private ReadOnlySpan<byte> TakeFixed(int size, string typeName)
    {
        AlignTo(size);
        if (size > Remaining)
        {
            throw new ProtocolException(
                $"the data ends inside the {typeName} at offset {OffsetOf(_position)} ({Remaining} of {size} bytes present)");
        }

        ReadOnlySpan<byte> bytes = _data.Slice(_position, size);
        _position += size;
        return bytes;
    }

    private readonly ProtocolException NestedTooDeep(int position) =>
        new($"values nest more than {ProtocolConstants.MaxTotalNesting} containers deep at offset {OffsetOf(position)}");
}
