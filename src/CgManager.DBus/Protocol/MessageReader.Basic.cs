using System.Buffers.Binary;

namespace CgManager.DBus;

// Fixed-size values: each aligns to its own size and reads in the message's byte order.
public ref partial struct MessageReader
{
    public byte ReadByte() => TakeFixed(1, "byte")[0];

    public bool ReadBool()
    {
        uint value = ReadUInt32Core("boolean");
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw new ProtocolException($"boolean value {value} at offset {OffsetOf(_position - 4)} is not 0 or 1"),
        };
    }

    public short ReadInt16() => (short)ReadUInt16Core("int16");

    public ushort ReadUInt16() => ReadUInt16Core("uint16");

    public int ReadInt32() => (int)ReadUInt32Core("int32");

    public uint ReadUInt32() => ReadUInt32Core("uint32");

    public long ReadInt64() => (long)ReadUInt64Core("int64");

    public ulong ReadUInt64() => ReadUInt64Core("uint64");

    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadUInt64Core("double"));

    /// <summary>An 'h' value: an index into the message's fd list.</summary>
    public int ReadUnixFdIndex()
    {
        uint index = ReadUInt32Core("unix fd index");
        if (index >= (uint)_unixFdCount)
        {
            throw new ProtocolException(
                $"unix fd index {index} at offset {OffsetOf(_position - 4)} is out of range: the message carries {_unixFdCount} fds");
        }

        return (int)index;
    }

    private ushort ReadUInt16Core(string typeName)
    {
        ReadOnlySpan<byte> bytes = TakeFixed(2, typeName);
        return _isBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    }

    private uint ReadUInt32Core(string typeName)
    {
        ReadOnlySpan<byte> bytes = TakeFixed(4, typeName);
        return _isBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    private ulong ReadUInt64Core(string typeName)
    {
        ReadOnlySpan<byte> bytes = TakeFixed(8, typeName);
        return _isBigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}
