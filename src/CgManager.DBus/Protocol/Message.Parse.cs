using System.Text;
using CgManager.Linux;

namespace CgManager.DBus;

public sealed partial class Message
{
    /// <summary>
    /// Parses one complete message (exactly the bytes <see cref="MessageFraming.GetTotalLength"/> announced).
    /// Validates the header (required fields per type, field types, names and paths), the body
    /// against its signature (every value, padding zero, booleans 0/1, UTF-8 without NUL...) and the
    /// UNIX_FDS count against <paramref name="fds"/>.Length. Takes ownership of <paramref name="fds"/>
    /// (closes them if it throws). Throws <see cref="ProtocolException"/> with a precise message.
    /// </summary>
    public static Message Parse(ReadOnlyMemory<byte> bytes, SafeFd[] fds)
    {
        fds ??= [];
        try
        {
            return ParseCore(bytes, fds);
        }
        catch
        {
            foreach (SafeFd fd in fds)
            {
                fd?.Dispose();
            }

            throw;
        }
    }

    private static Message ParseCore(ReadOnlyMemory<byte> bytes, SafeFd[] fds)
    {
        ReadOnlySpan<byte> span = bytes.Span;
        if (span.Length < MessageFraming.FixedHeaderLength)
        {
            throw new ProtocolException(
                $"a message of {span.Length} bytes is shorter than the {MessageFraming.FixedHeaderLength}-byte fixed header");
        }

        int total = MessageFraming.GetTotalLength(span, ProtocolConstants.SpecMaxMessageSize);
        if (total != span.Length)
        {
            throw new ProtocolException($"the header announces a message of {total} bytes but {span.Length} bytes were given");
        }

        bool isBigEndian = span[0] == MessageFraming.BigEndianMark;
        var reader = new MessageReader(span, isBigEndian, int.MaxValue, origin: 0);
        reader.ReadByte(); // the endianness mark, checked by GetTotalLength
        var type = (MessageType)reader.ReadByte();
        var flags = (MessageFlags)reader.ReadByte();
        reader.ReadByte(); // the protocol version, checked by GetTotalLength
        reader.ReadUInt32(); // the body length, which GetTotalLength counted in the total
        uint serial = reader.ReadUInt32();
        if (type == MessageType.Invalid)
        {
            throw new ProtocolException("message type 0 at offset 1 is invalid");
        }

        if (serial == 0)
        {
            throw new ProtocolException("serial 0 at offset 8 is invalid");
        }

        HeaderFields fields = HeaderFields.Read(ref reader);
        reader.AlignStruct();
        int bodyStart = reader.Position;
        fields.CheckRequired(type);
        CheckFdCount(fields.UnixFds, fds.Length);
        ValidateBody(span[bodyStart..], bodyStart, fields.Signature, isBigEndian, fds.Length);

        return new Message
        {
            Type = type,
            Flags = flags,
            Serial = serial,
            Path = fields.Path,
            Interface = fields.Interface,
            Member = fields.Member,
            ErrorName = fields.ErrorName,
            ReplySerial = fields.ReplySerial,
            Destination = fields.Destination,
            Sender = fields.Sender,
            Signature = SharedSignatureString(fields.Signature),
            IsBigEndian = isBigEndian,
            Body = span[bodyStart..].ToArray(),
            _fds = fds.Length == 0 ? [] : (SafeFd?[])fds.Clone(),
        };
    }

    private static void CheckFdCount(uint announced, int supplied)
    {
        if (announced != (uint)supplied)
        {
            throw new ProtocolException($"header field UNIX_FDS announces {announced} fds but {supplied} arrived with the message");
        }

        if (supplied > ProtocolConstants.MaxFdsPerMessage)
        {
            throw new ProtocolException($"{supplied} fds arrived with the message, more than the limit of {ProtocolConstants.MaxFdsPerMessage}");
        }
    }

    /// <summary>The body must hold exactly the values its signature names, each one valid.</summary>
    private static void ValidateBody(ReadOnlySpan<byte> body, int bodyStart, ReadOnlySpan<byte> signature, bool isBigEndian, int fdCount)
    {
        if (signature.IsEmpty)
        {
            if (!body.IsEmpty)
            {
                throw new ProtocolException($"the body has {body.Length} bytes but the header has no SIGNATURE field");
            }

            return;
        }

        var reader = new MessageReader(body, isBigEndian, fdCount, origin: bodyStart);
        reader.SkipValues(signature, depth: 0);
        if (!reader.AtEnd)
        {
            throw new ProtocolException(
                $"the body has {reader.Remaining} bytes left over at offset {bodyStart + reader.Position} after the values of signature '{SignatureText.Printable(signature)}'");
        }
    }

    // Signatures repeat across messages; the common short ones are shared rather than allocated each time.
    private static string SharedSignatureString(ReadOnlySpan<byte> signature) => signature.Length switch
    {
        0 => "",
        1 when signature[0] == TypeCodes.String => "s",
        2 when signature.SequenceEqual("ss"u8) => "ss",
        3 when signature.SequenceEqual("sss"u8) => "sss",
        _ => Encoding.ASCII.GetString(signature),
    };
}
