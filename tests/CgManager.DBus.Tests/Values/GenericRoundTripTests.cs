using CgManager.DBus.Tests.Support;

namespace CgManager.DBus.Tests.Values;

public class GenericRoundTripTests
{
    public static TheoryData<string, object> EveryType => new()
    {
        { "y", (byte)0 },
        { "y", (byte)255 },
        { "b", true },
        { "b", false },
        { "n", short.MinValue },
        { "q", ushort.MaxValue },
        { "i", int.MinValue },
        { "i", -42 },
        { "u", uint.MaxValue },
        { "x", long.MinValue },
        { "t", ulong.MaxValue },
        { "d", 2.5 },
        { "d", double.NegativeInfinity },
        { "d", double.NaN },
        { "s", "" },
        { "s", "memory.limit_in_bytes" },
        { "s", "ünïcödé ✓ 𝄞" },
        { "o", new ObjectPath("/") },
        { "o", new ObjectPath("/org/linuxcontainers/cgmanager") },
        { "g", new DBusSignature("") },
        { "g", new DBusSignature("a{sv}(ii)") },
        { "h", new UnixFdIndex(3) },
        { "as", new DBusArray("s", ["a", "b", "c"]) },
        { "as", new DBusArray("s", []) },
        { "ay", new DBusArray("y", [(byte)1, (byte)2, (byte)3]) },
        { "ax", new DBusArray("x", [1L, -2L]) },
        { "ax", new DBusArray("x", []) },
        { "a(ii)", new DBusArray("(ii)", []) },
        { "a(ix)", new DBusArray("(ix)", [new DBusStruct([1, 2L]), new DBusStruct([-3, -4L])]) },
        { "a{sv}", new DBusArray("{sv}", [new DBusDictEntry("k", new DBusVariant("i", 5)), new DBusDictEntry("t", new DBusVariant("t", 7UL))]) },
        { "a{sv}", new DBusArray("{sv}", []) },
        { "a{ua{st}}", new DBusArray("{ua{st}}", [new DBusDictEntry(1u, new DBusArray("{st}", [new DBusDictEntry("x", 9UL)]))]) },
        { "aai", new DBusArray("ai", [new DBusArray("i", [1, 2]), new DBusArray("i", []), new DBusArray("i", [3])]) },
        { "(ybnqiuxtdsogh)", new DBusStruct([(byte)1, true, (short)-2, (ushort)3, -4, 5u, -6L, 7UL, 8.5, "s", new ObjectPath("/p"), new DBusSignature("s"), new UnixFdIndex(0)]) },
        { "(i(s(y)))", new DBusStruct([1, new DBusStruct(["s", new DBusStruct([(byte)2])])]) },
        { "v", new DBusVariant("s", "hello") },
        { "v", new DBusVariant("v", new DBusVariant("v", new DBusVariant("ai", new DBusArray("i", [1])))) },
        { "av", new DBusArray("v", [new DBusVariant("y", (byte)1), new DBusVariant("(xs)", new DBusStruct([1L, "a"]))]) },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void A_value_reads_back_equal_to_what_was_written(string signature, object value)
    {
        var writer = new MessageWriter();
        writer.WriteValue(signature, value);

        var reader = new MessageReader(writer.WrittenMemory.Span, isBigEndian: false);
        object read = reader.ReadValue(signature);

        Assert.Equal(value, read);
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [MemberData(nameof(EveryType))]
    public void A_value_after_a_byte_keeps_its_alignment(string signature, object value)
    {
        // A leading byte moves every following value off its alignment, so padding is exercised.
        var writer = new MessageWriter();
        writer.WriteByte(0xAA);
        writer.WriteValue(signature, value);
        writer.WriteByte(0xBB);

        var reader = new MessageReader(writer.WrittenMemory.Span, isBigEndian: false);
        Assert.Equal(0xAA, reader.ReadByte());
        Assert.Equal(value, reader.ReadValue(signature));
        Assert.Equal(0xBB, reader.ReadByte());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [MemberData(nameof(EveryType))]
    public void A_value_in_a_variant_reads_back(string signature, object value)
    {
        var writer = new MessageWriter();
        writer.WriteVariant(signature, value);

        var reader = new MessageReader(writer.WrittenMemory.Span, isBigEndian: false);
        Assert.Equal(new DBusVariant(signature, value), reader.ReadVariant());
    }

    [Fact]
    public void An_empty_array_of_8_aligned_elements_is_padded_and_its_length_excludes_the_padding()
    {
        var writer = new MessageWriter();
        writer.WriteValue("a(ii)", new DBusArray("(ii)", []));
        Assert.Equal("0000000000000000", Hex.Format(writer.WrittenMemory.Span));

        writer.Reset();
        writer.WriteValue("ax", new DBusArray("x", [1L]));
        Assert.Equal("08000000" + "00000000" + "0100000000000000", Hex.Format(writer.WrittenMemory.Span));
    }

    [Fact]
    public void An_array_starting_8_aligned_after_its_length_needs_no_padding()
    {
        var writer = new MessageWriter();
        writer.WriteUInt32(7);
        writer.WriteValue("ax", new DBusArray("x", [1L]));
        Assert.Equal("07000000" + "08000000" + "0100000000000000", Hex.Format(writer.WrittenMemory.Span));
    }

    [Fact]
    public void Common_dotnet_shapes_write_as_their_dbus_types()
    {
        var writer = new MessageWriter();
        writer.WriteValue("as", new[] { "a", "b" });
        writer.WriteValue("a{si}", new Dictionary<string, int> { ["x"] = 1 });
        writer.WriteValue("ay", new byte[] { 9, 8 });
        writer.WriteValue("(is)", (1, "one"));
        writer.WriteValue("o", "/x");
        writer.WriteValue("g", "ii");
        writer.WriteValue("h", 2);

        var reader = new MessageReader(writer.WrittenMemory.Span, isBigEndian: false);
        Assert.Equal(new DBusArray("s", ["a", "b"]), reader.ReadValue("as"));
        Assert.Equal(new DBusArray("{si}", [new DBusDictEntry("x", 1)]), reader.ReadValue("a{si}"));
        Assert.Equal(new DBusArray("y", [(byte)9, (byte)8]), reader.ReadValue("ay"));
        Assert.Equal(new DBusStruct([1, "one"]), reader.ReadValue("(is)"));
        Assert.Equal(new ObjectPath("/x"), reader.ReadValue("o"));
        Assert.Equal(new DBusSignature("ii"), reader.ReadValue("g"));
        Assert.Equal(new UnixFdIndex(2), reader.ReadValue("h"));
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData("i", "five")]
    [InlineData("s", 5)]
    [InlineData("(ii)", 5)]
    [InlineData("as", "abc")]
    public void A_value_of_the_wrong_shape_is_an_argument_error(string signature, object value) =>
        Assert.Throws<ArgumentException>(() => new MessageWriter().WriteValue(signature, value));

    [Theory]
    [InlineData("ii")]
    [InlineData("")]
    [InlineData("a")]
    public void Writing_needs_a_single_complete_type(string signature) =>
        Assert.Throws<ArgumentException>(() => new MessageWriter().WriteValue(signature, 1));

    [Fact]
    public void A_struct_with_the_wrong_number_of_fields_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => new MessageWriter().WriteValue("(ii)", new DBusStruct([1])));
        Assert.Throws<ArgumentException>(() => new MessageWriter().WriteValue("(ii)", new DBusStruct([1, 2, 3])));
    }

    [Fact]
    public void Strings_with_NUL_and_invalid_paths_and_signatures_are_refused_when_writing()
    {
        Assert.Throws<ArgumentException>(() => new MessageWriter().WriteString("a\0b"));
        Assert.Throws<ArgumentException>(() => new MessageWriter().WriteObjectPath("/a/"));
        Assert.Throws<ArgumentException>(() => new MessageWriter().WriteSignature("a{vs}"));
    }

    [Fact]
    public void Values_nested_deeper_than_64_containers_are_refused_when_writing()
    {
        object value = 1;
        string signature = "i";
        for (int i = 0; i < 64; i++)
        {
            value = new DBusVariant(signature, value);
            signature = "v";
        }

        new MessageWriter().WriteValue("v", value); // 64 variants: at the limit
        Assert.Throws<ArgumentException>(() => new MessageWriter().WriteValue("v", new DBusVariant("v", value)));
    }
}
