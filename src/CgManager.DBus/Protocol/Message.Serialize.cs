namespace CgManager.DBus;

public sealed partial class Message
{
    // Header bytes are built in a per-thread scratch writer, then copied once into the exact-size result.
    // t_ marks a [ThreadStatic] field (the dotnet/runtime convention), which no naming rule can tell apart.
#pragma warning disable IDE1006
    [ThreadStatic]
    private static MessageWriter? t_headerWriter;
#pragma warning restore IDE1006

    /// <summary>Serializes (little-endian) with the given serial; UNIX_FDS is written when OutgoingFds is non-empty.</summary>
    /// <remarks>Also sets <see cref="Serial"/> to <paramref name="serial"/>, so a caller can match the reply to it.</remarks>
    public byte[] Serialize(uint serial)
    {
        ArgumentOutOfRangeException.ThrowIfZero(serial);
        if (Type == MessageType.Invalid)
        {
            throw new InvalidOperationException("a message of type Invalid cannot be sent");
        }

        MessageWriter header = t_headerWriter ??= new MessageWriter();
        header.Reset();
        header.WriteByte(MessageFraming.LittleEndianMark);
        header.WriteByte((byte)Type);
        header.WriteByte((byte)Flags);
        header.WriteByte(MessageFraming.ProtocolVersion);
        header.WriteUInt32((uint)Body.Length);
        header.WriteUInt32(serial);
        WriteHeaderFields(header);
        header.WriteStructStart(); // the body starts 8-aligned

        byte[] message = new byte[header.Length + Body.Length];
        header.WrittenSpan.CopyTo(message);
        Body.Span.CopyTo(message.AsSpan(header.Length));
        Serial = serial;
        return message;
    }

    private void WriteHeaderFields(MessageWriter header)
    {
        int fields = header.WriteArrayStart('(');
        WriteStringField(header, HeaderFieldCode.Path, Path);
        WriteStringField(header, HeaderFieldCode.Interface, Interface);
        WriteStringField(header, HeaderFieldCode.Member, Member);
        WriteStringField(header, HeaderFieldCode.ErrorName, ErrorName);
        if (ReplySerial != 0)
        {
            WriteUInt32Field(header, HeaderFieldCode.ReplySerial, ReplySerial);
        }

        WriteStringField(header, HeaderFieldCode.Destination, Destination);
        WriteStringField(header, HeaderFieldCode.Sender, Sender);
        if (!string.IsNullOrEmpty(Signature))
        {
            StartField(header, HeaderFieldCode.Signature, "g");
            header.WriteSignature(Signature);
        }

        if (OutgoingFds.Count != 0)
        {
            WriteUInt32Field(header, HeaderFieldCode.UnixFds, (uint)OutgoingFds.Count);
        }

        header.WriteArrayEnd(fields);
    }

    private static void WriteStringField(MessageWriter header, HeaderFieldCode code, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (code == HeaderFieldCode.Path)
        {
            StartField(header, code, "o");
            header.WriteObjectPath(value);
        }
        else
        {
            StartField(header, code, "s");
            header.WriteString(value);
        }
    }

    private static void WriteUInt32Field(MessageWriter header, HeaderFieldCode code, uint value)
    {
        StartField(header, code, "u");
        header.WriteUInt32(value);
    }

    private static void StartField(MessageWriter header, HeaderFieldCode code, string variantSignature)
    {
        header.WriteStructStart();
        header.WriteByte((byte)code);
        header.WriteSignatureAscii(variantSignature);
    }
}
