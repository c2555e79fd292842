using System.Buffers.Binary;
using CgManager.DBus.Tests.Support;

namespace CgManager.DBus.Tests.Rejection;

public class FramingTests
{
    private static byte[] Header(byte endian = (byte)'l', byte version = 1, uint bodyLength = 4, uint fieldsLength = 111)
    {
        byte[] h = [endian, 1, 0, version, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
        if (endian == (byte)'B')
        {
            BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(4), bodyLength);
            BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(12), fieldsLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), bodyLength);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(12), fieldsLength);
        }

        return h;
    }

    [Fact]
    public void The_total_counts_header_fields_padding_and_body()
    {
        Assert.Equal(16 + 111 + 1 + 4, MessageFraming.GetTotalLength(Header(), 1024));
        Assert.Equal(16 + 111 + 1 + 4, MessageFraming.GetTotalLength(Header((byte)'B'), 1024));
        Assert.Equal(16 + 8 + 0 + 0, MessageFraming.GetTotalLength(Header(bodyLength: 0, fieldsLength: 8), 1024));
        Assert.Equal(16, MessageFraming.GetTotalLength(Header(bodyLength: 0, fieldsLength: 0), 16));
    }

    [Fact]
    public void A_message_exactly_at_the_limit_is_accepted_and_one_byte_more_is_not()
    {
        Assert.Equal(1024, MessageFraming.GetTotalLength(Header(bodyLength: 1024 - 128, fieldsLength: 111), 1024));
        var error = Assert.Throws<ProtocolException>(() => MessageFraming.GetTotalLength(Header(bodyLength: 1024 - 127, fieldsLength: 111), 1024));
        Assert.Equal("message length 1025 exceeds limit 1024", error.Message);
    }

    [Theory]
    [InlineData((byte)'L', "endianness byte 'L' at offset 0 is neither 'l' nor 'B'")]
    [InlineData((byte)0, "endianness byte 0x00 at offset 0 is neither 'l' nor 'B'")]
    public void A_bad_endianness_byte_is_rejected(byte mark, string message) =>
        Assert.Equal(message, Assert.Throws<ProtocolException>(() => MessageFraming.GetTotalLength(Header(mark), 1024)).Message);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void A_protocol_version_other_than_1_is_rejected(byte version) =>
        Assert.Contains($"protocol version {version} at offset 3 is not 1",
            Assert.Throws<ProtocolException>(() => MessageFraming.GetTotalLength(Header(version: version), 1024)).Message);

    [Fact]
    public void A_2_GiB_body_length_is_rejected_before_anything_is_allocated()
    {
        var error = Assert.Throws<ProtocolException>(() =>
            MessageFraming.GetTotalLength(Header(bodyLength: 0x8000_0000), ProtocolConstants.MaxIncomingMessageSize));
        Assert.Equal("body length 2147483648 at offset 4 exceeds limit 1048576", error.Message);
    }

    [Fact]
    public void A_header_fields_length_beyond_the_array_limit_is_rejected() =>
        Assert.Equal("header fields array length 4294967295 exceeds limit 67108864 at offset 12",
            Assert.Throws<ProtocolException>(() =>
                MessageFraming.GetTotalLength(Header(fieldsLength: uint.MaxValue), int.MaxValue)).Message);

    [Fact]
    public void Lengths_whose_32_bit_sum_would_wrap_are_rejected()
    {
        // 64 MiB of fields plus a body near 4 GiB wraps to a small number in 32 bits.
        var error = Assert.Throws<ProtocolException>(() =>
            MessageFraming.GetTotalLength(Header(bodyLength: 0xFC00_0000, fieldsLength: 0x0400_0000), int.MaxValue));
        Assert.Contains("exceeds limit", error.Message);

        error = Assert.Throws<ProtocolException>(() =>
            MessageFraming.GetTotalLength(Header(bodyLength: int.MaxValue, fieldsLength: 0x0400_0000), int.MaxValue));
        Assert.Equal($"message length {16L + 0x0400_0000 + int.MaxValue} exceeds limit {int.MaxValue}", error.Message);
    }

    [Fact]
    public void Fewer_than_16_bytes_cannot_be_framed() =>
        Assert.Contains("15 bytes are too few",
            Assert.Throws<ProtocolException>(() => MessageFraming.GetTotalLength(new byte[15], 1024)).Message);

    [Fact]
    public void Parse_rejects_an_announced_length_above_the_specification_limit()
    {
        byte[] bytes = GoldenFiles.Load("dbus-send-ping");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), uint.MaxValue);
        Assert.Contains("body length 4294967295 at offset 4 exceeds limit 134217728",
            Assert.Throws<ProtocolException>(() => Message.Parse(bytes, [])).Message);
    }
}
