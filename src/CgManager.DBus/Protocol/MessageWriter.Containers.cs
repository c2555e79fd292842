namespace CgManager.DBus;

// Arrays and structs for the typed API: the caller knows the signature and drives the writes.
public sealed partial class MessageWriter
{
    /// <summary>Writes a placeholder length and aligns to the element; pass the token to <see cref="WriteArrayEnd"/>.</summary>
    /// <remarks>
    /// The token is the offset of the length field (a multiple of 4) with bit 0 set when 4 bytes of
    /// padding follow it, so the end can measure the elements alone as the specification wants.
    /// </remarks>
    public int WriteArrayStart(char elementTypeCode)
    {
        int alignment = elementTypeCode < 0x80 ? TypeCodes.Alignment((byte)elementTypeCode) : 0;
        if (alignment == 0)
        {
            throw new ArgumentException($"'{elementTypeCode}' cannot start an array element type", nameof(elementTypeCode));
        }

        return WriteArrayStart(alignment);
    }

    public void WriteArrayEnd(int token)
    {
        int lengthAt = token & ~3;
        int elementsStart = lengthAt + 4 + ((token & 1) != 0 ? 4 : 0);
        if (token < 0 || elementsStart > _length)
        {
            throw new ArgumentException($"{token} is not a token from WriteArrayStart on this writer", nameof(token));
        }

        int length = _length - elementsStart;
        if (length > ProtocolConstants.MaxArrayLength)
        {
            throw new ProtocolException($"array of {length} bytes exceeds limit {ProtocolConstants.MaxArrayLength}");
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(lengthAt, 4), (uint)length);
    }

    public void WriteStructStart() => PadTo(8);

    private int WriteArrayStart(int elementAlignment)
    {
        PadTo(4);
        int lengthAt = _length;
        Append(4).Clear();
        PadTo(elementAlignment);
        return _length == lengthAt + 4 ? lengthAt : lengthAt | 1;
    }
}
