using System.Text;

namespace CgManager.DBus;

// The generic value model: allowed to allocate (boxes, lists), unlike the typed reads.
public ref partial struct MessageReader
{
    /// <summary>Reads any single complete type into the generic value model (see <see cref="DBusValues"/>).</summary>
    public object ReadValue(string singleCompleteType)
    {
        Span<byte> type = stackalloc byte[ProtocolConstants.MaxSignatureLength];
        if (SignatureText.TryToAscii(singleCompleteType ?? "", type, out int length, out string? error))
        {
            error = SignatureParser.ValidateSingle(type[..length]);
        }

        if (error is not null)
        {
            throw new ProtocolException($"cannot read a value of type '{singleCompleteType}': {error}");
        }

        return ReadValueCore(type[..length], depth: 0);
    }

    /// <summary>Reads a variant: its signature, then its value.</summary>
    public DBusVariant ReadVariant() => ReadVariantCore(depth: 0);

    private DBusVariant ReadVariantCore(int depth)
    {
        int at = _position;
        ReadOnlySpan<byte> signature = ReadVariantSignature();
        if (depth >= ProtocolConstants.MaxTotalNesting)
        {
            throw NestedTooDeep(at);
        }

        object value = ReadValueCore(signature, depth + 1);
        return new DBusVariant(Encoding.ASCII.GetString(signature), value);
    }

    /// <summary><paramref name="depth"/> counts the containers around the value, to bound recursion through variants.</summary>
    private object ReadValueCore(scoped ReadOnlySpan<byte> type, int depth)
    {
        switch (type[0])
        {
            case TypeCodes.Byte: return ReadByte();
            case TypeCodes.Boolean: return ReadBool();
            case TypeCodes.Int16: return ReadInt16();
            case TypeCodes.UInt16: return ReadUInt16();
            case TypeCodes.Int32: return ReadInt32();
            case TypeCodes.UInt32: return ReadUInt32();
            case TypeCodes.Int64: return ReadInt64();
            case TypeCodes.UInt64: return ReadUInt64();
            case TypeCodes.Double: return ReadDouble();
            case TypeCodes.String: return ReadString();
            case TypeCodes.ObjectPath: return new ObjectPath(ReadObjectPath());
            case TypeCodes.Signature: return new DBusSignature(ReadSignature());
            case TypeCodes.UnixFd: return new UnixFdIndex(ReadUnixFdIndex());
            case TypeCodes.Variant: return ReadVariantCore(depth);
            case TypeCodes.Array: return ReadArrayValue(type[1..], depth);
            case TypeCodes.StructBegin: return ReadStructValue(type, depth);
            default: return ReadDictEntryValue(type, depth);
        }
    }

    private DBusArray ReadArrayValue(scoped ReadOnlySpan<byte> elementType, int depth)
    {
        EnterContainer(depth);
        int end = ReadArrayStart(TypeCodes.Alignment(elementType[0]));
        var items = new List<object>();
        while (HasNext(end))
        {
            items.Add(ReadValueCore(elementType, depth + 1));
        }

        return new DBusArray(Encoding.ASCII.GetString(elementType), items);
    }

    private DBusStruct ReadStructValue(scoped ReadOnlySpan<byte> type, int depth)
    {
        EnterContainer(depth);
        AlignStruct();
        var fields = new List<object>();
        int position = 1;
        while (type[position] != TypeCodes.StructEnd)
        {
            int end = SignatureParser.CompleteTypeEnd(type, position);
            fields.Add(ReadValueCore(type[position..end], depth + 1));
            position = end;
        }

        return new DBusStruct(fields);
    }

    private DBusDictEntry ReadDictEntryValue(scoped ReadOnlySpan<byte> type, int depth)
    {
        EnterContainer(depth);
        AlignStruct();
        object key = ReadValueCore(type.Slice(1, 1), depth + 1);
        object value = ReadValueCore(type[2..^1], depth + 1);
        return new DBusDictEntry(key, value);
    }

    private readonly void EnterContainer(int depth)
    {
        if (depth >= ProtocolConstants.MaxTotalNesting)
        {
            throw NestedTooDeep(_position);
        }
    }

    /// <summary>A variant's signature, which must be exactly one complete type.</summary>
    internal ReadOnlySpan<byte> ReadVariantSignature()
    {
        int at = _position;
        ReadOnlySpan<byte> signature = ReadSignatureBytes();
        if (signature.IsEmpty || SignatureParser.CompleteTypeEnd(signature, 0) != signature.Length)
        {
            throw new ProtocolException(
                $"variant signature '{SignatureText.Printable(signature)}' at offset {OffsetOf(at)} is not a single complete type");
        }

        return signature;
    }
}
