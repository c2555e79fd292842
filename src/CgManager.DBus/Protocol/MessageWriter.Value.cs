using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;

namespace CgManager.DBus;

// The generic value model (see DBusValues). Besides the model's own types it takes the obvious
// .NET shapes: string for 'o' and 'g', int for 'h', IDictionary for dicts, any IEnumerable for
// arrays and ITuple (value tuples) for structs; no reflection, so it stays AOT-safe.
public sealed partial class MessageWriter
{
    /// <summary>Writes a variant holding <paramref name="value"/> of type <paramref name="signature"/> (generic value model).</summary>
    public void WriteVariant(string signature, object value)
    {
        Span<byte> type = stackalloc byte[ProtocolConstants.MaxSignatureLength];
        int length = ValidateSingleType(signature, type);
        WriteSignatureAscii(signature);
        WriteValueCore(type[..length], value, depth: 1);
    }

    /// <summary>Writes any single complete type from the generic value model.</summary>
    public void WriteValue(string singleCompleteType, object value)
    {
        Span<byte> type = stackalloc byte[ProtocolConstants.MaxSignatureLength];
        int length = ValidateSingleType(singleCompleteType, type);
        WriteValueCore(type[..length], value, depth: 0);
    }

    private static int ValidateSingleType(string signature, Span<byte> ascii)
    {
        if (SignatureText.TryToAscii(signature ?? "", ascii, out int length, out string? error))
        {
            error = SignatureParser.ValidateSingle(ascii[..length]);
        }

        return error is null
            ? length
            : throw new ArgumentException($"'{signature}' is not a single complete type: {error}", nameof(signature));
    }

    private void WriteValueCore(ReadOnlySpan<byte> type, object value, int depth)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (type[0])
        {
            case TypeCodes.Byte: WriteByte(value is byte y ? y : throw Mismatch(type, value)); break;
            case TypeCodes.Boolean: WriteBool(value is bool b ? b : throw Mismatch(type, value)); break;
            case TypeCodes.Int16: WriteInt16(value is short n ? n : throw Mismatch(type, value)); break;
            case TypeCodes.UInt16: WriteUInt16(value is ushort q ? q : throw Mismatch(type, value)); break;
            case TypeCodes.Int32: WriteInt32(value is int i ? i : throw Mismatch(type, value)); break;
            case TypeCodes.UInt32: WriteUInt32(value is uint u ? u : throw Mismatch(type, value)); break;
            case TypeCodes.Int64: WriteInt64(value is long x ? x : throw Mismatch(type, value)); break;
            case TypeCodes.UInt64: WriteUInt64(value is ulong t ? t : throw Mismatch(type, value)); break;
            case TypeCodes.Double: WriteDouble(value is double d ? d : throw Mismatch(type, value)); break;
            case TypeCodes.String: WriteString(value as string ?? throw Mismatch(type, value)); break;
            case TypeCodes.ObjectPath:
                WriteObjectPath(value switch { ObjectPath o => o.Value, string s => s, _ => throw Mismatch(type, value) });
                break;
            case TypeCodes.Signature:
                WriteSignature(value switch { DBusSignature g => g.Value, string s => s, _ => throw Mismatch(type, value) });
                break;
            case TypeCodes.UnixFd:
                WriteUnixFdIndex(value switch { UnixFdIndex h => h.Index, int index => index, _ => throw Mismatch(type, value) });
                break;
            case TypeCodes.Variant: WriteVariantValue(value, depth); break;
            case TypeCodes.Array: WriteArrayValue(type, value, depth); break;
            case TypeCodes.StructBegin: WriteStructValue(type, value, depth); break;
            default: WriteDictEntryValue(type, value, depth); break;
        }
    }

    private void WriteVariantValue(object value, int depth)
    {
        var variant = value as DBusVariant ?? throw Mismatch("v"u8, value);
        Span<byte> type = stackalloc byte[ProtocolConstants.MaxSignatureLength];
        int length = ValidateSingleType(variant.Signature, type);
        CheckDepth(depth);
        WriteSignatureAscii(variant.Signature);
        WriteValueCore(type[..length], variant.Value, depth + 1);
    }

    private void WriteArrayValue(ReadOnlySpan<byte> type, object value, int depth)
    {
        CheckDepth(depth);
        ReadOnlySpan<byte> elementType = type[1..];
        if (value is DBusArray array && !elementType.SequenceEqual(Encoding.ASCII.GetBytes(array.ElementSignature)))
        {
            throw new ArgumentException(
                $"an array of '{array.ElementSignature}' cannot be written as '{Encoding.ASCII.GetString(type)}'", nameof(value));
        }

        int token = WriteArrayStart(TypeCodes.Alignment(elementType[0]));
        switch (value)
        {
            case DBusArray a:
                foreach (object item in a.Items)
                {
                    WriteValueCore(elementType, item, depth + 1);
                }

                break;
            case byte[] bytes when elementType[0] == TypeCodes.Byte:
                bytes.CopyTo(Append(bytes.Length));
                break;
            case IDictionary dictionary when elementType[0] == TypeCodes.DictEntryBegin:
                foreach (DictionaryEntry entry in dictionary)
                {
                    WriteDictEntry(elementType, entry.Key, entry.Value!, depth + 1);
                }

                break;
            case IEnumerable items when value is not string:
                foreach (object item in items)
                {
                    WriteValueCore(elementType, item, depth + 1);
                }

                break;
            default:
                throw Mismatch(type, value);
        }

        WriteArrayEnd(token);
    }

    private void WriteStructValue(ReadOnlySpan<byte> type, object value, int depth)
    {
        CheckDepth(depth);
        int count;
        Func<int, object?> field;
        switch (value)
        {
            case DBusStruct s:
                count = s.Fields.Count;
                field = index => s.Fields[index];
                break;
            case ITuple tuple:
                count = tuple.Length;
                field = index => tuple[index];
                break;
            default:
                throw Mismatch(type, value);
        }

        WriteStructStart();
        int position = 1;
        int written = 0;
        while (type[position] != TypeCodes.StructEnd)
        {
            int end = SignatureParser.CompleteTypeEnd(type, position);
            if (written == count)
            {
                throw new ArgumentException($"a struct of {count} fields cannot be written as '{Encoding.ASCII.GetString(type)}'", nameof(value));
            }

            WriteValueCore(type[position..end], field(written)!, depth + 1);
            written++;
            position = end;
        }

        if (written != count)
        {
            throw new ArgumentException($"a struct of {count} fields cannot be written as '{Encoding.ASCII.GetString(type)}'", nameof(value));
        }
    }

    private void WriteDictEntryValue(ReadOnlySpan<byte> type, object value, int depth)
    {
        switch (value)
        {
            case DBusDictEntry entry:
                WriteDictEntry(type, entry.Key, entry.Value, depth);
                break;
            case DictionaryEntry entry:
                WriteDictEntry(type, entry.Key, entry.Value!, depth);
                break;
            default:
                throw Mismatch(type, value);
        }
    }

    private void WriteDictEntry(ReadOnlySpan<byte> type, object key, object value, int depth)
    {
        CheckDepth(depth);
        WriteStructStart();
        WriteValueCore(type.Slice(1, 1), key, depth + 1);
        WriteValueCore(type[2..^1], value, depth + 1);
    }

    // Peers reject values nested deeper than the specification allows, so we refuse to write them.
    private static void CheckDepth(int depth)
    {
        if (depth >= ProtocolConstants.MaxTotalNesting)
        {
            throw new ArgumentException($"values cannot nest more than {ProtocolConstants.MaxTotalNesting} containers deep");
        }
    }

    private static ArgumentException Mismatch(ReadOnlySpan<byte> type, object value) =>
        new($"a value of type {value.GetType().Name} cannot be written as '{Encoding.ASCII.GetString(type)}'", nameof(value));
}
