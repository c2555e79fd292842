namespace CgManager.DBus;

// Validation without materializing: Message.Parse walks every body value through here,
// so it must not allocate. It mirrors ReadValueCore case for case.
public ref partial struct MessageReader
{
    /// <summary>Reads and checks every value of a signature already validated; leaves the reader after them.</summary>
    internal void SkipValues(scoped ReadOnlySpan<byte> signature, int depth)
    {
        int position = 0;
        while (position < signature.Length)
        {
            int end = SignatureParser.CompleteTypeEnd(signature, position);
            SkipValue(signature[position..end], depth);
            position = end;
        }
    }

    /// <summary>Reads and checks one value of the single complete type <paramref name="type"/>.</summary>
    internal void SkipValue(scoped ReadOnlySpan<byte> type, int depth)
    {
        switch (type[0])
        {
            case TypeCodes.Byte: TakeFixed(1, "byte"); break;
            case TypeCodes.Boolean: ReadBool(); break;
            case TypeCodes.Int16: TakeFixed(2, "int16"); break;
            case TypeCodes.UInt16: TakeFixed(2, "uint16"); break;
            case TypeCodes.Int32: TakeFixed(4, "int32"); break;
            case TypeCodes.UInt32: TakeFixed(4, "uint32"); break;
            case TypeCodes.Int64: TakeFixed(8, "int64"); break;
            case TypeCodes.UInt64: TakeFixed(8, "uint64"); break;
            case TypeCodes.Double: TakeFixed(8, "double"); break;
            case TypeCodes.String: ReadStringBytes("string"); break;
            case TypeCodes.ObjectPath: ReadObjectPathBytes(); break;
            case TypeCodes.Signature: ReadSignatureBytes(); break;
            case TypeCodes.UnixFd: ReadUnixFdIndex(); break;
            case TypeCodes.Variant: SkipVariant(depth); break;
            case TypeCodes.Array: SkipArray(type[1..], depth); break;
            case TypeCodes.StructBegin: SkipStruct(type, depth); break;
            default: SkipDictEntry(type, depth); break;
        }
    }

    private void SkipVariant(int depth)
    {
        int at = _position;
        ReadOnlySpan<byte> signature = ReadVariantSignature();
        if (depth >= ProtocolConstants.MaxTotalNesting)
        {
            throw NestedTooDeep(at);
        }

        SkipValue(signature, depth + 1);
    }

    private void SkipArray(scoped ReadOnlySpan<byte> elementType, int depth)
    {
        EnterContainer(depth);
        int end = ReadArrayStart(TypeCodes.Alignment(elementType[0]));
        while (HasNext(end))
        {
            SkipValue(elementType, depth + 1);
        }
    }

    private void SkipStruct(scoped ReadOnlySpan<byte> type, int depth)
    {
        EnterContainer(depth);
        AlignStruct();
        SkipValues(type[1..^1], depth + 1);
    }

    private void SkipDictEntry(scoped ReadOnlySpan<byte> type, int depth)
    {
        EnterContainer(depth);
        AlignStruct();
        SkipValue(type.Slice(1, 1), depth + 1);
        SkipValue(type[2..^1], depth + 1);
    }
}
