using System.Text;
using CgManager.DBus;
using CgManager.DBus.Auth;
using CgManager.DBus.Transport;

namespace CgManager.Fuzz.Harnesses;

/// <summary>The D-Bus side: what any local user can send before and after authentication.</summary>
internal static class DBusHarnesses
{
    public static IEnumerable<Harness> All =>
    [
        new("message",
            "framing, the transport's UNIX_FDS scan and Message.Parse take any bytes and end in a message or a ProtocolException; " +
            "a parsed message reads back completely, and serializing it again gives bytes that parse to the same serialization",
            Message, typeof(ProtocolException)),
        new("header-fields",
            "any header-field array after a valid fixed header parses or raises ProtocolException; a parsed one keeps its fields through a round trip",
            HeaderFields, typeof(ProtocolException)),
        new("signature",
            "signature validation never throws; a valid signature splits into complete types that are each valid, the byte and string validators agree",
            Signature),
        new("body",
            "for a valid signature, validating a body (SkipValues, as Parse does) and reading its values (ReadValue, as handlers do) " +
            "either both succeed, ending at the same offset, or both raise ProtocolException",
            Body, typeof(ProtocolException)),
        new("sasl",
            "SASL lines (split on CRLF, non-printable lines dropped as the transport does) never make the server throw; " +
            "every reply is one printable ASCII line; nothing follows BEGIN or a disconnect",
            Sasl),
    ];

    private static void Message(ReadOnlySpan<byte> input)
    {
        if (input.Length < MessageFraming.FixedHeaderLength)
        {
            return;
        }

        // As the transport does: frame from 16 bytes, wait for that many, scan for fds, parse.
        int total = MessageFraming.GetTotalLength(input[..MessageFraming.FixedHeaderLength], ProtocolConstants.MaxIncomingMessageSize);
        if (input.Length < total)
        {
            return;
        }

        byte[] bytes = input[..total].ToArray();
        uint fds = HeaderScanner.GetUnixFdCount(bytes);
        using Message message = CgManager.DBus.Message.Parse(bytes, []);
        FuzzAssertionException.Check(fds == 0, $"Parse accepted a message without fds whose UNIX_FDS the scanner read as {fds}");
        ReadAll(message);
        RoundTrip(message);
    }

    private static void HeaderFields(ReadOnlySpan<byte> input)
    {
        // A METHOD_CALL with no body whose header-field array is the input.
        int padding = -input.Length & 7;
        byte[] bytes = new byte[MessageFraming.FixedHeaderLength + input.Length + padding];
        "l\u0001\0\u0001"u8.CopyTo(bytes);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), 1u);
        BitConverter.TryWriteBytes(bytes.AsSpan(12), (uint)input.Length);
        input.CopyTo(bytes.AsSpan(MessageFraming.FixedHeaderLength));
        uint fds = HeaderScanner.GetUnixFdCount(bytes);
        using Message message = CgManager.DBus.Message.Parse(bytes, []);
        FuzzAssertionException.Check(fds == 0, $"Parse accepted a message without fds whose UNIX_FDS the scanner read as {fds}");
        RoundTrip(message);
    }

    private static void Signature(ReadOnlySpan<byte> input)
    {
        string? error = SignatureParser.Validate(input);
        string? single = SignatureParser.ValidateSingle(input);
        FuzzAssertionException.Check(error is null || single is not null, "ValidateSingle accepted what Validate refused");
        if (error is not null)
        {
            return;
        }

        int position = 0;
        while (position < input.Length)
        {
            int end = SignatureParser.CompleteTypeEnd(input, position);
            FuzzAssertionException.Check(end > position && end <= input.Length, $"CompleteTypeEnd({position}) = {end} for length {input.Length}");
            FuzzAssertionException.Check(SignatureParser.ValidateSingle(input[position..end]) is null, $"the complete type at {position}..{end} is not valid alone");
            position = end;
        }

        // A valid signature is ASCII; the string API the handlers use must judge it the same.
        string text = Encoding.ASCII.GetString(input);
        FuzzAssertionException.Check(SignatureRules.IsValid(text, out _), "SignatureRules.IsValid refused what SignatureParser accepted");
        FuzzAssertionException.Check(string.Concat(SignatureRules.SplitCompleteTypes(text)) == text, "SplitCompleteTypes does not cover the signature");
    }

    private static void Body(ReadOnlySpan<byte> input)
    {
        // [flags][signature bytes][NUL][body]: flags bit 0 big-endian, bits 1-2 the fd count.
        if (input.IsEmpty)
        {
            return;
        }

        bool bigEndian = (input[0] & 1) != 0;
        int fdCount = (input[0] >> 1) & 3;
        ReadOnlySpan<byte> rest = input[1..];
        int nul = rest.IndexOf((byte)0);
        if (nul < 0 || SignatureParser.Validate(rest[..nul]) is not null)
        {
            return;
        }

        ReadOnlySpan<byte> signature = rest[..nul];
        ReadOnlySpan<byte> body = rest[(nul + 1)..];
        int skipEnd = -1;
        ProtocolException? skipError = null;
        try
        {
            var skipper = new MessageReader(body, bigEndian, fdCount);
            skipper.SkipValues(signature, depth: 0);
            skipEnd = skipper.Position;
        }
        catch (ProtocolException e)
        {
            skipError = e;
        }

        int readEnd = -1;
        ProtocolException? readError = null;
        try
        {
            var reader = new MessageReader(body, bigEndian, fdCount);
            foreach (string type in SignatureRules.SplitCompleteTypes(Encoding.ASCII.GetString(signature)))
            {
                reader.ReadValue(type);
            }

            readEnd = reader.Position;
        }
        catch (ProtocolException e)
        {
            readError = e;
        }

        FuzzAssertionException.Check(
            (skipError is null) == (readError is null) && skipEnd == readEnd,
            $"validation and reading disagree: skip {(skipError?.Message ?? $"ended at {skipEnd}")}, read {(readError?.Message ?? $"ended at {readEnd}")}");
        if (skipError is not null)
        {
            throw skipError;
        }
    }

    private static void Sasl(ReadOnlySpan<byte> input)
    {
        var server = new SaslServer("0123456789abcdef0123456789abcdef");
        foreach (string line in Encoding.Latin1.GetString(input).Split("\r\n"))
        {
            if (line.Length > SaslServer.MaxLineLength || line.Any(c => c is < (char)0x20 or > (char)0x7e))
            {
                return; // the transport drops the client on such a line
            }

            SaslOutcome outcome = server.Process(line, out string? reply);
            FuzzAssertionException.Check(Enum.IsDefined(outcome), $"outcome {(int)outcome}");
            FuzzAssertionException.Check(
                reply is null || (reply.Length > 0 && reply.All(c => c is >= (char)0x20 and <= (char)0x7e)),
                $"reply '{reply}' to '{line}' is not one printable line");
            if (outcome != SaslOutcome.Continue)
            {
                FuzzAssertionException.Check(reply is null, $"a reply '{reply}' after {outcome}");
                return;
            }
        }
    }

    private static void ReadAll(Message message)
    {
        MessageReader reader = message.GetBodyReader();
        foreach (string type in SignatureRules.SplitCompleteTypes(message.Signature))
        {
            reader.ReadValue(type);
        }

        FuzzAssertionException.Check(reader.AtEnd, $"{reader.Position} of {message.Body.Length} body bytes read");
    }

    private static void RoundTrip(Message message)
    {
        byte[] once = message.Serialize(message.Serial);
        using Message again = CgManager.DBus.Message.Parse(once, []);
        byte[] twice = again.Serialize(again.Serial);
        FuzzAssertionException.Check(once.AsSpan().SequenceEqual(twice), "a parsed message does not serialize to the same bytes twice");
        FuzzAssertionException.Check(
            (message.Type, message.Flags, message.Path, message.Interface, message.Member, message.ErrorName, message.ReplySerial, message.Destination, message.Sender, message.Signature)
            == (again.Type, again.Flags, again.Path, again.Interface, again.Member, again.ErrorName, again.ReplySerial, again.Destination, again.Sender, again.Signature),
            "a header field changed in the round trip");
    }
}
