namespace CgManager.DBus;

/// <summary>
/// Reads D-Bus values from a body in either byte order, applying the alignment rules
/// relative to the body start. Every read validates what it reads and throws
/// <see cref="ProtocolException"/> on malformed input.
/// </summary>
public ref struct MessageReader
{
    public MessageReader(ReadOnlySpan<byte> body, bool isBigEndian) => throw new NotImplementedException();

    public readonly int Position => throw new NotImplementedException();
    public readonly bool AtEnd => throw new NotImplementedException();

    public byte ReadByte() => throw new NotImplementedException();
    public bool ReadBool() => throw new NotImplementedException();
    public short ReadInt16() => throw new NotImplementedException();
    public ushort ReadUInt16() => throw new NotImplementedException();
    public int ReadInt32() => throw new NotImplementedException();
    public uint ReadUInt32() => throw new NotImplementedException();
    public long ReadInt64() => throw new NotImplementedException();
    public ulong ReadUInt64() => throw new NotImplementedException();
    public double ReadDouble() => throw new NotImplementedException();
    public string ReadString() => throw new NotImplementedException();
    public string ReadObjectPath() => throw new NotImplementedException();
    public string ReadSignature() => throw new NotImplementedException();
    /// <summary>An 'h' value: an index into the message's fd list.</summary>
    public int ReadUnixFdIndex() => throw new NotImplementedException();

    /// <summary>Reads the array length and aligns to the element; returns the end offset. Loop with <see cref="HasNext"/>.</summary>
    public int ReadArrayStart(char elementTypeCode) => throw new NotImplementedException();
    public readonly bool HasNext(int arrayEnd) => throw new NotImplementedException();
    /// <summary>Aligns to 8 for a struct or dict entry.</summary>
    public void AlignStruct() => throw new NotImplementedException();

    /// <summary>Reads any single complete type into the generic value model (see <see cref="DBusValues"/>).</summary>
    public object ReadValue(string singleCompleteType) => throw new NotImplementedException();
    /// <summary>Reads a variant: its signature, then its value.</summary>
    public DBusVariant ReadVariant() => throw new NotImplementedException();
}
