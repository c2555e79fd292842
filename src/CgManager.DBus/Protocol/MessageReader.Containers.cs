namespace CgManager.DBus;

// Arrays and structs for the typed API: the caller knows the signature and drives the loop.
public ref partial struct MessageReader
{
    /// <summary>Reads the array length and aligns to the element; returns the end offset. Loop with <see cref="HasNext"/>.</summary>
    public int ReadArrayStart(char elementTypeCode)
    {
        int alignment = elementTypeCode < 0x80 ? TypeCodes.Alignment((byte)elementTypeCode) : 0;
        if (alignment == 0)
        {
            throw new ProtocolException($"'{elementTypeCode}' cannot start an array element type");
        }

        return ReadArrayStart(alignment);
    }

    public readonly bool HasNext(int arrayEnd)
    {
        if (_position > arrayEnd)
        {
            throw new ProtocolException(
                $"an array element runs past the array end at offset {OffsetOf(arrayEnd)} (it reached offset {OffsetOf(_position)})");
        }

        return _position < arrayEnd;
    }

    /// <summary>Aligns to 8 for a struct or dict entry.</summary>
    public void AlignStruct() => AlignTo(8);

    /// <summary>
    /// The length counts the elements only, not the padding to their alignment, and that padding
    /// is there even when the array is empty.
    /// </summary>
    private int ReadArrayStart(int elementAlignment)
    {
        uint length = ReadUInt32Core("array length");
        int lengthAt = _position - 4;
        if (length > ProtocolConstants.MaxArrayLength)
        {
            throw new ProtocolException(
                $"array length {length} exceeds limit {ProtocolConstants.MaxArrayLength} at offset {OffsetOf(lengthAt)}");
        }

        AlignTo(elementAlignment);
        if (length > (uint)Remaining)
        {
            throw new ProtocolException(
                $"array length {length} at offset {OffsetOf(lengthAt)} runs past the end of the data ({Remaining} bytes remain)");
        }

        return _position + (int)length;
    }
}
