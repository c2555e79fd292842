using System.Buffers.Binary;

namespace CgManager.DBus;

// Fixed-size values, each aligned to its own size; we always write little-endian.
public sealed partial class MessageWriter
{
    public void WriteByte(byte value) => Append(1)[0] = value;

    public void WriteBool(bool value) => WriteUInt32(value ? 1u : 0u);

    public void WriteInt16(short value) => WriteUInt16((ushort)value);

    public void WriteUInt16(ushort value)
    {
        PadTo(2);
        BinaryPrimitives.WriteUInt16LittleEndian(Append(2), value);
    }

    public void WriteInt32(int value) => WriteUInt32((uint)value);

    public void WriteUInt32(uint value)
    {
        PadTo(4);
        BinaryPrimitives.WriteUInt32LittleEndian(Append(4), value);
    }

    public void WriteInt64(long value) => WriteUInt64((ulong)value);

    public void WriteUInt64(ulong value)
    {
        PadTo(8);
        BinaryPrimitives.WriteUInt64LittleEndian(Append(8), value);
    }

    public void WriteDouble(double value) => WriteUInt64(BitConverter.DoubleToUInt64Bits(value));

    public void WriteUnixFdIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        WriteUInt32((uint)index);
    }
}
