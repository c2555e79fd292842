using CgManager.DBus.Tests.Support;

namespace CgManager.DBus.Tests.Rejection;

public class HeaderRejectionTests
{
    private static string Reject(byte[] bytes) =>
        Assert.Throws<ProtocolException>(() => Message.Parse(bytes, [])).Message;

    [Fact]
    public void A_bad_endianness_byte_is_rejected()
    {
        byte[] bytes = GoldenFiles.Load("dbus-send-ping");
        bytes[0] = (byte)'x';
        Assert.Contains("endianness byte 'x' at offset 0", Reject(bytes));
    }

    [Fact]
    public void Protocol_version_2_is_rejected() =>
        Assert.Contains("protocol version 2 at offset 3 is not 1", Reject(RawMessage.Build(RawMessage.CallFields, version: 2)));

    [Fact]
    public void Message_type_0_is_rejected() =>
        Assert.Contains("message type 0 at offset 1 is invalid", Reject(RawMessage.Build(RawMessage.CallFields, type: 0)));

    [Fact]
    public void Serial_0_is_rejected() =>
        Assert.Contains("serial 0 at offset 8 is invalid", Reject(RawMessage.Build(RawMessage.CallFields, serial: 0)));

    [Fact]
    public void A_body_length_that_disagrees_with_the_bytes_given_is_rejected()
    {
        byte[] bytes = RawMessage.Call("i", w => w.I32(5));
        Assert.Contains($"the header announces a message of {bytes.Length} bytes but {bytes.Length + 4} bytes were given",
            Reject([.. bytes, 0, 0, 0, 0]));
    }

    public static TheoryData<byte, RawField[], string> MissingFields => new()
    {
        { 1, [RawField.Member("Ping")], "a METHOD_CALL message must have the PATH header field" },
        { 1, [RawField.Path("/")], "a METHOD_CALL message must have the MEMBER header field" },
        { 2, [], "a METHOD_RETURN message must have the REPLY_SERIAL header field" },
        { 3, [RawField.ReplySerial(1)], "an ERROR message must have the ERROR_NAME header field" },
        { 3, [RawField.ErrorName("a.b")], "an ERROR message must have the REPLY_SERIAL header field" },
        { 4, [RawField.Path("/"), RawField.Member("M")], "a SIGNAL message must have the INTERFACE header field" },
        { 4, [RawField.Interface("a.b"), RawField.Member("M")], "a SIGNAL message must have the PATH header field" },
        { 4, [RawField.Path("/"), RawField.Interface("a.b")], "a SIGNAL message must have the MEMBER header field" },
    };

    [Theory]
    [MemberData(nameof(MissingFields))]
    public void Required_header_fields_must_be_present(byte type, RawField[] fields, string message) =>
        Assert.Contains(message, Reject(RawMessage.Build(fields, type: type)));

    [Fact]
    public void Each_type_is_accepted_with_just_its_required_fields()
    {
        Message.Parse(RawMessage.Build([RawField.Path("/"), RawField.Member("M")], type: 1), []).Dispose();
        Message.Parse(RawMessage.Build([RawField.ReplySerial(3)], type: 2), []).Dispose();
        Message.Parse(RawMessage.Build([RawField.ErrorName("a.b"), RawField.ReplySerial(3)], type: 3), []).Dispose();
        Message.Parse(RawMessage.Build([RawField.Path("/"), RawField.Interface("a.b"), RawField.Member("M")], type: 4), []).Dispose();
    }

    [Theory]
    [InlineData(1, "s", "header field PATH at offset 16 has type 's', expected 'o'")]
    [InlineData(3, "o", "header field MEMBER at offset 16 has type 'o', expected 's'")]
    [InlineData(5, "i", "header field REPLY_SERIAL at offset 16 has type 'i', expected 'u'")]
    [InlineData(8, "s", "header field SIGNATURE at offset 16 has type 's', expected 'g'")]
    [InlineData(9, "as", "header field UNIX_FDS at offset 16 has type 'as', expected 'u'")]
    public void A_known_field_with_the_wrong_type_is_rejected(byte code, string signature, string message)
    {
        Action<RawWriter> value = signature switch
        {
            "s" or "o" => w => w.S("/x"),
            "i" => w => w.I32(1),
            _ => w => w.U32(0),
        };
        Assert.Contains(message, Reject(RawMessage.Build([new RawField(code, signature, value), .. RawMessage.CallFields])));
    }

    [Fact]
    public void Unknown_header_fields_are_skipped()
    {
        byte[] bytes = RawMessage.Build(
        [
            new RawField(42, "a(ix)", w => { int a = w.BeginArray(8); w.Pad(8).I32(1).U64(2); w.EndArray(a); }),
            .. RawMessage.CallFields,
            new RawField(200, "v", w => w.G("s").S("future")),
        ]);
        using Message message = Message.Parse(bytes, []);
        Assert.Equal("Ping", message.Member);
    }

    [Fact]
    public void An_unknown_header_field_must_still_be_well_formed() =>
        Assert.Contains("boolean value 7",
            Reject(RawMessage.Build([new RawField(42, "b", w => w.U32(7)), .. RawMessage.CallFields])));

    [Fact]
    public void Header_field_code_0_is_rejected() =>
        Assert.Contains("header field code 0 at offset 16 is invalid",
            Reject(RawMessage.Build([new RawField(0, "u", w => w.U32(1)), .. RawMessage.CallFields])));

    [Fact]
    public void A_header_field_that_appears_twice_is_rejected() =>
        Assert.Contains("header field MEMBER appears twice",
            Reject(RawMessage.Build([.. RawMessage.CallFields, RawField.Member("Again")])));

    [Fact]
    public void Messages_of_unknown_type_are_accepted_for_the_receiver_to_ignore()
    {
        using Message message = Message.Parse(RawMessage.Build([], type: 9), []);
        Assert.Equal((MessageType)9, message.Type);
    }

    [Theory]
    [InlineData(2, "nodots", "header field INTERFACE 'nodots' at offset 20 is not an interface name")]
    [InlineData(3, "Get.Value", "header field MEMBER 'Get.Value' at offset 20 is not a member name")]
    [InlineData(4, "0.a", "header field ERROR_NAME '0.a' at offset 20 is not an error name")]
    [InlineData(6, "not a name", "header field DESTINATION 'not a name' at offset 20 is not a bus name")]
    [InlineData(7, ":1", "header field SENDER ':1' at offset 20 is not a bus name")]
    public void Invalid_names_in_header_fields_are_rejected(byte code, string name, string message) =>
        Assert.Contains(message, Reject(RawMessage.Build([new RawField(code, "s", w => w.S(name)), .. RawMessage.CallFields])));

    [Fact]
    public void An_invalid_object_path_in_PATH_is_rejected() =>
        Assert.Contains("object path '/org/' at offset 20 is not valid",
            Reject(RawMessage.Build([RawField.Path("/org/"), RawField.Member("M")])));

    [Fact]
    public void A_reply_serial_of_0_is_rejected() =>
        Assert.Contains("header field REPLY_SERIAL at offset 20 is 0",
            Reject(RawMessage.Build([RawField.ReplySerial(0)], type: 2)));

    [Fact]
    public void An_invalid_body_signature_is_rejected() =>
        Assert.Contains("signature 'a{vs}' at offset 20 is invalid: the dict entry at position 1 has key type 'v'",
            Reject(RawMessage.Build([RawField.BodySignature("a{vs}"), .. RawMessage.CallFields])));

    public static TheoryData<string, string> BadWireSignatures => new()
    {
        { "a", "the array at position 0 has no element type" },
        { "(", "the struct opened at position 0 is not closed" },
        { "{ss}", "the dict entry at position 0 is not an array element" },
        { "a{vs}", "keys must be basic types" },
        { new string('a', 33) + "i", "more than 32 nested arrays at position 32" },
        { new string('(', 33) + "i" + new string(')', 33), "more than 32 nested structs at position 32" },
        { "i\u0001", "0x01 at position 1 is not a type code" },
    };

    [Theory]
    [MemberData(nameof(BadWireSignatures))]
    public void Bad_signatures_in_the_SIGNATURE_field_are_rejected(string signature, string reason) =>
        Assert.Contains(reason, Reject(RawMessage.Build([RawField.BodySignature(signature), .. RawMessage.CallFields])));

    [Fact]
    public void Unprintable_signature_bytes_are_escaped_in_the_error() =>
        Assert.Contains("signature 'i\\x01' at offset 20 is invalid",
            Reject(RawMessage.Build([RawField.BodySignature("i\u0001"), .. RawMessage.CallFields])));

    [Fact]
    public void An_unknown_type_code_in_the_body_signature_is_rejected() =>
        Assert.Contains("'z' at position 1 is not a type code",
            Reject(RawMessage.Build([RawField.BodySignature("iz"), .. RawMessage.CallFields])));

    [Fact]
    public void Non_zero_padding_inside_the_header_is_rejected()
    {
        byte[] bytes = GoldenFiles.Load("dbus-send-ping");
        bytes[0x37] = 1; // after PATH's NUL, before INTERFACE
        Assert.Contains("padding byte at offset 55 is 0x01, not zero", Reject(bytes));
    }

    [Fact]
    public void Non_zero_padding_before_the_body_is_rejected()
    {
        byte[] bytes = GoldenFiles.Load("dbus-send-ping");
        bytes[0x7f] = 0x80; // the header fields end at 127, the body starts at 128
        Assert.Contains("padding byte at offset 127 is 0x80, not zero", Reject(bytes));
    }

    [Fact]
    public void A_header_fields_array_longer_than_the_array_limit_is_rejected()
    {
        byte[] bytes = GoldenFiles.Load("dbus-send-ping");
        bytes[12] = 0xff; bytes[13] = 0xff; bytes[14] = 0xff; bytes[15] = 0xff;
        Assert.Contains("header fields array length 4294967295 exceeds limit 67108864 at offset 12", Reject(bytes));
    }
}
