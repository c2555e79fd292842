namespace CgManager.DBus;

/// <summary>
/// Writes a little-endian D-Bus body (alignment relative to the body start).
/// Reusable: <see cref="Reset"/> keeps the buffer.
/// </summary>
public sealed class MessageWriter
{
    public MessageWriter() => throw new NotImplementedException();

    public ReadOnlyMemory<byte> WrittenMemory => throw new NotImplementedException();
    public int Length => throw new NotImplementedException();
    public void Reset() => throw new NotImplementedException();

    public void WriteByte(byte value) => throw new NotImplementedException();
    public void WriteBool(bool value) => throw new NotImplementedException();
    public void WriteInt16(short value) => throw new NotImplementedException();
    public void WriteUInt16(ushort value) => throw new NotImplementedException();
    public void WriteInt32(int value) => throw new NotImplementedException();
    public void WriteUInt32(uint value) => throw new NotImplementedException();
    public void WriteInt64(long value) => throw new NotImplementedException();
    public void WriteUInt64(ulong value) => throw new NotImplementedException();
    public void WriteDouble(double value) => throw new NotImplementedException();
    public void WriteString(string value) => throw new NotImplementedException();
    public void WriteObjectPath(string value) => throw new NotImplementedException();
    public void WriteSignature(string value) => throw new NotImplementedException();
    public void WriteUnixFdIndex(int index) => throw new NotImplementedException();

    /// <summary>Writes a placeholder length and aligns to the element; pass the token to <see cref="WriteArrayEnd"/>.</summary>
    public int WriteArrayStart(char elementTypeCode) => throw new NotImplementedException();
    public void WriteArrayEnd(int token) => throw new NotImplementedException();
    public void WriteStructStart() => throw new NotImplementedException();

    /// <summary>Writes a variant holding <paramref name="value"/> of type <paramref name="signature"/> (generic value model).</summary>
    public void WriteVariant(string signature, object value) => throw new NotImplementedException();
    /// <summary>Writes any single complete type from the generic value model.</summary>
    public void WriteValue(string singleCompleteType, object value) => throw new NotImplementedException();
}
