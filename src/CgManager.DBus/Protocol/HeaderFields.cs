using System.Text;

namespace CgManager.DBus;

/// <summary>
/// The header-field array of a message being parsed: each known field read once with its
/// required type and checked (names, paths, non-zero reply serial); unknown fields are
/// validated and skipped, as the specification asks.
/// </summary>
internal ref struct HeaderFields
{
    // a(yv): the value sits inside an array, a struct and a variant.
    private const int FieldValueDepth = 3;

    private uint _seen;

    public string? Path;
    public string? Interface;
    public string? Member;
    public string? ErrorName;
    public uint ReplySerial;
    public string? Destination;
    public string? Sender;
    public ReadOnlySpan<byte> Signature;
    public uint UnixFds;

    public readonly bool Has(HeaderFieldCode code) => (_seen & (1u << (int)code)) != 0;

    public static HeaderFields Read(ref MessageReader reader)
    {
        var fields = new HeaderFields();
        int end = reader.ReadArrayStart('(');
        while (reader.HasNext(end))
        {
            reader.AlignStruct();
            fields.ReadField(ref reader);
        }

        return fields;
    }

    /// <summary>The fields each message type must carry.</summary>
    public readonly void CheckRequired(MessageType type)
    {
        switch (type)
        {
            case MessageType.MethodCall:
                Require(type, HeaderFieldCode.Path);
                Require(type, HeaderFieldCode.Member);
                break;
            case MessageType.MethodReturn:
                Require(type, HeaderFieldCode.ReplySerial);
                break;
            case MessageType.Error:
                Require(type, HeaderFieldCode.ErrorName);
                Require(type, HeaderFieldCode.ReplySerial);
                break;
            case MessageType.Signal:
                Require(type, HeaderFieldCode.Path);
                Require(type, HeaderFieldCode.Interface);
                Require(type, HeaderFieldCode.Member);
                break;
            default:
                // Unknown types must be ignored by the receiver, not rejected: nothing is required of them.
                break;
        }
    }

    private readonly void Require(MessageType type, HeaderFieldCode code)
    {
        if (!Has(code))
        {
            string article = type == MessageType.Error ? "an" : "a";
            throw new ProtocolException($"{article} {TypeName(type)} message must have the {FieldName(code)} header field");
        }
    }

    private void ReadField(ref MessageReader reader)
    {
        int at = reader.Position;
        byte rawCode = reader.ReadByte();
        ReadOnlySpan<byte> signature = reader.ReadVariantSignature();
        var code = (HeaderFieldCode)rawCode;
        if (code == HeaderFieldCode.Invalid)
        {
            throw new ProtocolException($"header field code 0 at offset {at} is invalid");
        }

        if (rawCode > (byte)HeaderFieldCode.UnixFds)
        {
            reader.SkipValue(signature, FieldValueDepth);
            return;
        }

        if (Has(code))
        {
            throw new ProtocolException($"header field {FieldName(code)} appears twice (again at offset {at})");
        }

        _seen |= 1u << rawCode;
        byte expected = ExpectedType(code);
        if (signature.Length != 1 || signature[0] != expected)
        {
            throw new ProtocolException(
                $"header field {FieldName(code)} at offset {at} has type '{SignatureText.Printable(signature)}', expected '{(char)expected}'");
        }

        int valueAt = reader.Position;
        switch (code)
        {
            case HeaderFieldCode.Path:
                Path = reader.ReadObjectPath();
                break;
            case HeaderFieldCode.Interface:
                Interface = ReadName(ref reader, code, SignatureRules.IsValidDottedName, "an interface name");
                break;
            case HeaderFieldCode.Member:
                Member = ReadName(ref reader, code, SignatureRules.IsValidMemberName, "a member name");
                break;
            case HeaderFieldCode.ErrorName:
                ErrorName = ReadName(ref reader, code, SignatureRules.IsValidDottedName, "an error name");
                break;
            case HeaderFieldCode.ReplySerial:
                ReplySerial = reader.ReadUInt32();
                if (ReplySerial == 0)
                {
                    throw new ProtocolException($"header field REPLY_SERIAL at offset {valueAt} is 0, which no message can have");
                }

                break;
            case HeaderFieldCode.Destination:
                Destination = ReadName(ref reader, code, SignatureRules.IsValidBusName, "a bus name");
                break;
            case HeaderFieldCode.Sender:
                Sender = ReadName(ref reader, code, SignatureRules.IsValidBusName, "a bus name");
                break;
            case HeaderFieldCode.Signature:
                Signature = reader.ReadSignatureBytes();
                break;
            default:
                UnixFds = reader.ReadUInt32();
                break;
        }
    }

    private delegate bool NameRule(ReadOnlySpan<byte> name);

    private static string ReadName(ref MessageReader reader, HeaderFieldCode code, NameRule isValid, string what)
    {
        int at = reader.Position;
        ReadOnlySpan<byte> name = reader.ReadStringBytes("string");
        string text = Encoding.UTF8.GetString(name);
        return isValid(name)
            ? text
            : throw new ProtocolException($"header field {FieldName(code)} '{text}' at offset {at} is not {what}");
    }

    private static byte ExpectedType(HeaderFieldCode code) => code switch
    {
        HeaderFieldCode.Path => TypeCodes.ObjectPath,
        HeaderFieldCode.ReplySerial or HeaderFieldCode.UnixFds => TypeCodes.UInt32,
        HeaderFieldCode.Signature => TypeCodes.Signature,
        _ => TypeCodes.String,
    };

    internal static string FieldName(HeaderFieldCode code) => code switch
    {
        HeaderFieldCode.Path => "PATH",
        HeaderFieldCode.Interface => "INTERFACE",
        HeaderFieldCode.Member => "MEMBER",
        HeaderFieldCode.ErrorName => "ERROR_NAME",
        HeaderFieldCode.ReplySerial => "REPLY_SERIAL",
        HeaderFieldCode.Destination => "DESTINATION",
        HeaderFieldCode.Sender => "SENDER",
        HeaderFieldCode.Signature => "SIGNATURE",
        HeaderFieldCode.UnixFds => "UNIX_FDS",
        _ => $"code {(byte)code}",
    };

    internal static string TypeName(MessageType type) => type switch
    {
        MessageType.MethodCall => "METHOD_CALL",
        MessageType.MethodReturn => "METHOD_RETURN",
        MessageType.Error => "ERROR",
        MessageType.Signal => "SIGNAL",
        _ => $"type {(byte)type}",
    };
}
