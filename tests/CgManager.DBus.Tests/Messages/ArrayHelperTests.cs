namespace CgManager.DBus.Tests.Messages;

/// <summary>MessageWriter's array helpers and the MessageReader readers that match them, against the generic codec.</summary>
public class ArrayHelperTests
{
    private static byte[] Body(Action<MessageWriter> write)
    {
        var writer = new MessageWriter();
        write(writer);
        return writer.WrittenMemory.ToArray();
    }

    [Fact]
    public void String_and_int_arrays_read_back_and_agree_with_the_generic_reader()
    {
        byte[] body = Body(w =>
        {
            w.WriteStringArray(["a", "", "ü"]);
            w.WriteInt32Array([1, -1, int.MaxValue]);
            w.WriteStringArray([]);
        });
        var reader = new MessageReader(body, isBigEndian: false);
        Assert.Equal(["a", "", "ü"], reader.ReadStringArray());
        Assert.Equal([1, -1, int.MaxValue], reader.ReadInt32Array());
        Assert.Empty(reader.ReadStringArray());
        Assert.True(reader.AtEnd);

        var generic = new MessageReader(body, isBigEndian: false);
        Assert.Equal(["a", "", "ü"], ((DBusArray)generic.ReadValue("as")).Items);
    }

    [Fact]
    public void A_variant_dictionary_keeps_order_and_duplicates()
    {
        byte[] body = Body(w => w.WriteVariantDictionary(
        [
            new("memory.max", new DBusVariant("s", "max")),
            new("pids.max", new DBusVariant("t", 10UL)),
            new("memory.max", new DBusVariant("i", -1)),
        ]));
        var reader = new MessageReader(body, isBigEndian: false);
        var entries = reader.ReadVariantDictionary();
        Assert.True(reader.AtEnd);
        Assert.Equal(["memory.max", "pids.max", "memory.max"], entries.Select(e => e.Key));
        Assert.Equal(new DBusVariant("s", "max"), entries[0].Value);
        Assert.Equal(new DBusVariant("t", 10UL), entries[1].Value);
        Assert.Equal(new DBusVariant("i", -1), entries[2].Value);
    }

    [Fact]
    public void An_array_that_claims_more_bytes_than_the_body_has_is_refused()
    {
        byte[] body = Body(w => w.WriteStringArray(["abc"]));
        body[0] = 200; // the array length, little-endian
        Assert.Throws<ProtocolException>(() => new MessageReader(body, isBigEndian: false).ReadStringArray());
    }
}
