using System.Buffers.Binary;

namespace CgManager.DBus;

/// <summary>Finding a message's length from its fixed 16-byte header, before the rest has arrived.</summary>
public static class MessageFraming
{
    public const int FixedHeaderLength = 16;

    internal const byte LittleEndianMark = (byte)'l';
    internal const byte BigEndianMark = (byte)'B';
    internal const byte ProtocolVersion = 1;

    /// <summary>
    /// Total length of the message whose first 16 bytes are given (header, header-fields array,
    /// padding to 8, body). Throws <see cref="ProtocolException"/> for a bad endianness byte,
    /// protocol version other than 1, an over-long fields array or body, or a total above
    /// <paramref name="maxMessageSize"/> — without allocating anything of the announced size.
    /// </summary>
    public static int GetTotalLength(ReadOnlySpan<byte> first16, int maxMessageSize)
    {
        if (first16.Length < FixedHeaderLength)
        {
            throw new ProtocolException($"{first16.Length} bytes are too few to frame a message: the fixed header has {FixedHeaderLength}");
        }

        byte mark = first16[0];
        if (mark is not LittleEndianMark and not BigEndianMark)
        {
            throw new ProtocolException($"endianness byte {TypeCodes.Describe(mark)} at offset 0 is neither 'l' nor 'B'");
        }

        if (first16[3] != ProtocolVersion)
        {
            throw new ProtocolException($"protocol version {first16[3]} at offset 3 is not {ProtocolVersion}");
        }

        bool isBigEndian = mark == BigEndianMark;
        uint bodyLength = ReadUInt32(first16[4..], isBigEndian);
        uint fieldsLength = ReadUInt32(first16[12..], isBigEndian);
        if (fieldsLength > ProtocolConstants.MaxArrayLength)
        {
            throw new ProtocolException(
                $"header fields array length {fieldsLength} exceeds limit {ProtocolConstants.MaxArrayLength} at offset 12");
        }

        if (bodyLength > (uint)Math.Max(maxMessageSize, 0))
        {
            throw new ProtocolException($"body length {bodyLength} at offset 4 exceeds limit {maxMessageSize}");
        }

        // In 64 bits: two lengths near 4 GiB must not wrap around to a small total.
        long fieldsPadding = -(long)fieldsLength & 7;
        long total = FixedHeaderLength + (long)fieldsLength + fieldsPadding + bodyLength;
        if (total > maxMessageSize)
        {
            throw new ProtocolException($"message length {total} exceeds limit {maxMessageSize}");
        }

        return (int)total;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool isBigEndian) =>
        isBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
}
