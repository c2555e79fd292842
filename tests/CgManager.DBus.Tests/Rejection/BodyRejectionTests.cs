using System.Text;
using CgManager.DBus.Tests.Support;

namespace CgManager.DBus.Tests.Rejection;

public class BodyRejectionTests
{
    /// <summary>Parses a call with this body and returns the error, with {body} in <paramref name="expected"/> standing for the body's offset.</summary>
    private static void AssertRejected(string signature, Action<RawWriter> body, string expected, bool bigEndian = false)
    {
        byte[] bytes = RawMessage.Call(signature, body, bigEndian);
        int bodyStart = bytes.Length - BodyLength(body, bigEndian);
        string message = Assert.Throws<ProtocolException>(() => Message.Parse(bytes, [])).Message;
        Assert.True(message.Contains(Offsets(expected, bodyStart), StringComparison.Ordinal), $"expected \"{Offsets(expected, bodyStart)}\" in \"{message}\"");
    }

    private static int BodyLength(Action<RawWriter> body, bool bigEndian)
    {
        var w = new RawWriter(bigEndian);
        body(w);
        return w.Length;
    }

    // "{body+4}" → the body offset plus 4, so expectations name exact message offsets.
    private static string Offsets(string text, int bodyStart)
    {
        var result = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            int open = text.IndexOf("{body", i, StringComparison.Ordinal);
            if (open < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            int close = text.IndexOf('}', open);
            string inner = text[(open + 5)..close];
            result.Append(text, i, open - i).Append(bodyStart + (inner.Length == 0 ? 0 : int.Parse(inner)));
            i = close + 1;
        }

        return result.ToString();
    }

    [Theory]
    [InlineData(2u)]
    [InlineData(0xFFFFFFFFu)]
    public void A_boolean_other_than_0_or_1_is_rejected(uint value) =>
        AssertRejected("b", w => w.U32(value), $"boolean value {value} at offset {{body}} is not 0 or 1");

    [Fact]
    public void A_boolean_2_is_rejected_big_endian_too() =>
        AssertRejected("yb", w => w.Y(0).U32(2), "boolean value 2 at offset {body+4} is not 0 or 1", bigEndian: true);

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]              // truncated two-byte sequence
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]        // an encoded UTF-16 surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]  // beyond U+10FFFF
    [InlineData(new byte[] { 0xC0, 0xAF })]              // overlong '/'
    [InlineData(new byte[] { 0xFF })]
    public void Invalid_UTF8_in_a_string_is_rejected(byte[] text) =>
        AssertRejected("s", w => w.SBytes(text), "string at offset {body} is not valid UTF-8");

    [Fact]
    public void A_string_without_its_NUL_is_rejected() =>
        AssertRejected("sy", w => w.SBytes("abc"u8.ToArray(), terminate: false).Y(1), "string at offset {body} is not followed by a NUL byte");

    [Fact]
    public void A_string_with_a_NUL_inside_is_rejected() =>
        AssertRejected("s", w => w.SBytes("ab\0c"u8.ToArray()), "string at offset {body} contains a NUL byte at offset {body+6}");

    [Fact]
    public void A_string_length_past_the_end_is_rejected() =>
        AssertRejected("s", w => w.U32(1000).Bytes(0x61, 0), "string length 1000 at offset {body} runs past the end of the data (2 bytes remain after it)");

    [Fact]
    public void A_string_length_near_4_GiB_is_rejected_without_overflow() =>
        AssertRejected("s", w => w.U32(uint.MaxValue).Bytes(0x61, 0), "string length 4294967295 at offset {body} runs past the end");

    [Theory]
    [InlineData("/a/")]
    [InlineData("a")]
    [InlineData("//")]
    [InlineData("")]
    public void An_invalid_object_path_is_rejected(string path) =>
        AssertRejected("o", w => w.S(path), $"object path '{path}' at offset {{body}} is not valid");

    [Theory]
    [InlineData("a", "the array at position 0 has no element type")]
    [InlineData("(", "the struct opened at position 0 is not closed")]
    [InlineData("{ss}", "the dict entry at position 0 is not an array element")]
    [InlineData("a{vs}", "the dict entry at position 1 has key type 'v'; keys must be basic types")]
    [InlineData("z", "'z' at position 0 is not a type code")]
    public void An_invalid_signature_value_is_rejected(string signature, string reason) =>
        AssertRejected("g", w => w.G(signature), $"signature '{signature}' at offset {{body}} is invalid: {reason}");

    [Fact]
    public void A_signature_value_without_its_NUL_is_rejected() =>
        AssertRejected("gy", w => w.Y(1).Y((byte)'i').Y(7), "signature at offset {body} is not followed by a NUL byte");

    [Fact]
    public void Non_zero_padding_in_the_body_is_rejected() =>
        AssertRejected("yi", w => w.Y(1).Bytes(0, 9, 0).I32(5), "padding byte at offset {body+2} is 0x09, not zero");

    [Fact]
    public void Non_zero_padding_after_an_empty_array_of_structs_is_rejected() =>
        AssertRejected("a(ii)", w => w.U32(0).Bytes(0, 0, 0, 1), "padding byte at offset {body+7} is 0x01, not zero");

    [Fact]
    public void An_empty_array_of_structs_without_its_padding_is_rejected() =>
        AssertRejected("a(ii)", w => w.U32(0), "the data ends inside the padding to 8 at offset {body+4}");

    [Fact]
    public void An_array_length_above_the_limit_is_rejected() =>
        AssertRejected("ai", w => w.U32(uint.MaxValue), "array length 4294967295 exceeds limit 67108864 at offset {body}");

    [Fact]
    public void An_array_length_past_the_end_is_rejected() =>
        AssertRejected("ai", w => w.U32(100).I32(1), "array length 100 at offset {body} runs past the end of the data (4 bytes remain)");

    [Fact]
    public void An_array_element_that_overruns_the_array_is_rejected() =>
        AssertRejected("aiy", w => w.U32(2).I32(7).Y(0), "an array element runs past the array end at offset {body+6} (it reached offset {body+8})");

    [Theory]
    [InlineData("ii")]
    [InlineData("")]
    public void A_variant_whose_signature_is_not_one_complete_type_is_rejected(string signature) =>
        AssertRejected("v", w => w.G(signature).I32(1).I32(2), $"variant signature '{signature}' at offset {{body}} is not a single complete type");

    [Fact]
    public void An_unknown_type_code_in_a_variant_is_rejected() =>
        AssertRejected("v", w => w.G("z").Y(1), "signature 'z' at offset {body} is invalid: 'z' at position 0 is not a type code");

    [Fact]
    public void Variants_nested_64_deep_are_accepted()
    {
        byte[] bytes = RawMessage.Call("v", NestedVariants(64));
        using Message message = Message.Parse(bytes, []);
        Assert.IsType<DBusVariant>(message.GetBodyReader().ReadValue("v"));
    }

    [Fact]
    public void Variants_nested_65_deep_are_rejected() =>
        AssertRejected("v", NestedVariants(65), "values nest more than 64 containers deep at offset {body+192}");

    [Fact]
    public void Arrays_inside_variants_count_toward_the_runtime_nesting_limit()
    {
        // Each variant holds "av": two containers a level, so 33 levels break the limit of 64.
        static Action<RawWriter> Levels(int levels) => w =>
        {
            var tokens = new Stack<int>();
            for (int i = 0; i < levels; i++)
            {
                w.G("av");
                tokens.Push(w.BeginArray(1));
            }

            w.G("y").Y(1);
            while (tokens.Count > 0)
            {
                w.EndArray(tokens.Pop());
            }
        };

        using (Message.Parse(RawMessage.Call("v", Levels(31)), []))
        {
        }

        string message = Assert.Throws<ProtocolException>(() => Message.Parse(RawMessage.Call("v", Levels(33)), [])).Message;
        Assert.Contains("values nest more than 64 containers deep", message);
    }

    [Fact]
    public void Generic_reading_enforces_the_nesting_limit_too()
    {
        var w = new RawWriter(false);
        NestedVariants(65)(w);
        string message = Assert.Throws<ProtocolException>(() => new MessageReader(w.ToArray(), false).ReadValue("v")).Message;
        Assert.Contains("values nest more than 64 containers deep", message);
    }

    [Fact]
    public void A_body_longer_than_its_signature_is_rejected() =>
        AssertRejected("i", w => w.I32(1).I32(2), "the body has 4 bytes left over at offset {body+4} after the values of signature 'i'");

    [Fact]
    public void A_body_shorter_than_its_signature_is_rejected() =>
        AssertRejected("ii", w => w.I32(1), "the data ends inside the int32 at offset {body+4} (0 of 4 bytes present)");

    [Fact]
    public void A_body_without_a_SIGNATURE_field_must_be_empty()
    {
        byte[] bytes = RawMessage.Build(RawMessage.CallFields, w => w.I32(1));
        Assert.Contains("the body has 4 bytes but the header has no SIGNATURE field",
            Assert.Throws<ProtocolException>(() => Message.Parse(bytes, [])).Message);
    }

    private static Action<RawWriter> NestedVariants(int count) => w =>
    {
        for (int i = 1; i < count; i++)
        {
            w.G("v");
        }

        w.G("y").Y(1);
    };
}
