namespace CgManager.DBus.Tests.Values;

public class TypedRoundTripTests
{
    [Fact]
    public void Every_basic_type_round_trips_through_the_typed_methods()
    {
        var writer = new MessageWriter();
        writer.WriteByte(7);
        writer.WriteBool(true);
        writer.WriteInt16(-3);
        writer.WriteUInt16(65535);
        writer.WriteInt32(-42);
        writer.WriteUInt32(4_000_000_000);
        writer.WriteInt64(-9_000_000_000);
        writer.WriteUInt64(ulong.MaxValue);
        writer.WriteDouble(-0.125);
        writer.WriteString("memory");
        writer.WriteObjectPath("/org/linuxcontainers/cgmanager");
        writer.WriteSignature("a{sv}");
        writer.WriteUnixFdIndex(1);

        var reader = new MessageReader(writer.WrittenMemory.Span, isBigEndian: false, unixFdCount: 2);
        Assert.Equal(7, reader.ReadByte());
        Assert.True(reader.ReadBool());
        Assert.Equal(-3, reader.ReadInt16());
        Assert.Equal(65535, reader.ReadUInt16());
        Assert.Equal(-42, reader.ReadInt32());
        Assert.Equal(4_000_000_000u, reader.ReadUInt32());
        Assert.Equal(-9_000_000_000L, reader.ReadInt64());
        Assert.Equal(ulong.MaxValue, reader.ReadUInt64());
        Assert.Equal(-0.125, reader.ReadDouble());
        Assert.Equal("memory", reader.ReadString());
        Assert.Equal("/org/linuxcontainers/cgmanager", reader.ReadObjectPath());
        Assert.Equal("a{sv}", reader.ReadSignature());
        Assert.Equal(1, reader.ReadUnixFdIndex());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void A_dict_of_structs_round_trips_through_the_typed_methods()
    {
        // a{s(ix)}: {"a": (1, 10), "b": (2, 20)}
        var writer = new MessageWriter();
        writer.WriteByte(1);
        int dict = writer.WriteArrayStart('{');
        foreach ((string key, int i, long x) in new[] { ("a", 1, 10L), ("b", 2, 20L) })
        {
            writer.WriteStructStart();
            writer.WriteString(key);
            writer.WriteStructStart();
            writer.WriteInt32(i);
            writer.WriteInt64(x);
        }

        writer.WriteArrayEnd(dict);

        var reader = new MessageReader(writer.WrittenMemory.Span, isBigEndian: false);
        Assert.Equal(1, reader.ReadByte());
        var entries = new List<(string, int, long)>();
        int end = reader.ReadArrayStart('{');
        while (reader.HasNext(end))
        {
            reader.AlignStruct();
            string key = reader.ReadString();
            reader.AlignStruct();
            entries.Add((key, reader.ReadInt32(), reader.ReadInt64()));
        }

        Assert.Equal([("a", 1, 10L), ("b", 2, 20L)], entries);
        Assert.True(reader.AtEnd);

        // The same bytes read generically.
        var generic = new MessageReader(writer.WrittenMemory.Span, isBigEndian: false);
        generic.ReadByte();
        Assert.Equal(
            new DBusArray("{s(ix)}", [new DBusDictEntry("a", new DBusStruct([1, 10L])), new DBusDictEntry("b", new DBusStruct([2, 20L]))]),
            generic.ReadValue("a{s(ix)}"));
    }

    [Fact]
    public void An_empty_typed_array_of_structs_still_consumes_its_padding()
    {
        var writer = new MessageWriter();
        int array = writer.WriteArrayStart('(');
        writer.WriteArrayEnd(array);
        writer.WriteInt64(5);
        Assert.Equal(16, writer.Length);

        var reader = new MessageReader(writer.WrittenMemory.Span, isBigEndian: false);
        int end = reader.ReadArrayStart('(');
        Assert.Equal(8, end);
        Assert.False(reader.HasNext(end));
        Assert.Equal(5, reader.ReadInt64());
    }

    [Fact]
    public void A_writer_reset_reuses_its_buffer_with_clean_padding()
    {
        var writer = new MessageWriter();
        for (int i = 0; i < 100; i++)
        {
            writer.WriteUInt64(ulong.MaxValue);
        }

        writer.Reset();
        writer.WriteByte(1);
        writer.WriteInt64(2);
        Assert.Equal("0100000000000000" + "0200000000000000", Convert.ToHexString(writer.WrittenMemory.Span).ToLowerInvariant());
    }

    [Fact]
    public void Big_endian_values_are_read_in_big_endian()
    {
        byte[] bytes =
        [
            0x12, 0x00, 0x34, 0x56, // byte 0x12, pad, uint16 0x3456
            0x00, 0x00, 0x00, 0x01, // boolean true
            0xFF, 0xFF, 0xFF, 0xD6, // int32 -42
            0x00, 0x00, 0x00, 0x00, // pad to 8
            0x40, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // double 2.5
            0x00, 0x00, 0x00, 0x02, (byte)'h', (byte)'i', 0x00, // string "hi"
        ];

        var reader = new MessageReader(bytes, isBigEndian: true);
        Assert.Equal(0x12, reader.ReadByte());
        Assert.Equal(0x3456, reader.ReadUInt16());
        Assert.True(reader.ReadBool());
        Assert.Equal(-42, reader.ReadInt32());
        Assert.Equal(2.5, reader.ReadDouble());
        Assert.Equal("hi", reader.ReadString());
        Assert.True(reader.AtEnd);
    }
}
