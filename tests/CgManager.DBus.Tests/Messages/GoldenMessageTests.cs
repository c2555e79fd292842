using CgManager.DBus.Tests.Support;

namespace CgManager.DBus.Tests.Messages;

/// <summary>Messages sent by libdbus (dbus-send), sd-bus (busctl) and GDBus (gdbus); see golden/capture.py.</summary>
public class GoldenMessageTests
{
    private const string CgPath = "/org/linuxcontainers/cgmanager";
    private const string CgInterface = "org.linuxcontainers.cgmanager0_0";
    private const string CgService = "org.linuxcontainers.cgmanager";

    public static TheoryData<string> Names => [.. GoldenFiles.Names];

    [Fact]
    public void Every_expected_capture_is_there() =>
        Assert.Superset(
            new HashSet<string> { "dbus-send-ping", "dbus-send-many", "busctl-hello", "busctl-create", "busctl-complex", "gdbus-hello", "gdbus-getvalue" },
            new HashSet<string>(GoldenFiles.Names));

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_golden_message_parses_and_its_body_reads_back(string name)
    {
        byte[] bytes = GoldenFiles.Load(name);
        Assert.Equal(bytes.Length, MessageFraming.GetTotalLength(bytes, ProtocolConstants.MaxIncomingMessageSize));

        using Message message = Message.Parse(bytes, []);
        Assert.Equal(MessageType.MethodCall, message.Type);
        Assert.False(message.IsBigEndian);
        ReadAll(message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_golden_message_reserializes_to_a_message_with_the_same_meaning(string name)
    {
        using Message original = GoldenFiles.Parse(name);
        byte[] again = original.Serialize(original.Serial);
        using Message reparsed = Message.Parse(again, []);

        Assert.Equal(
            (original.Type, original.Flags, original.Serial, original.Path, original.Interface, original.Member, original.Destination, original.Signature),
            (reparsed.Type, reparsed.Flags, reparsed.Serial, reparsed.Path, reparsed.Interface, reparsed.Member, reparsed.Destination, reparsed.Signature));
        Assert.Equal(ReadAll(original), ReadAll(reparsed));
    }

    [Fact]
    public void Dbus_send_ping()
    {
        using Message m = GoldenFiles.Parse("dbus-send-ping");
        Assert.Equal(1u, m.Serial);
        Assert.Equal(MessageFlags.None, m.Flags);
        Assert.Equal(CgPath, m.Path);
        Assert.Equal(CgInterface, m.Interface);
        Assert.Equal("Ping", m.Member);
        Assert.Null(m.Destination);
        Assert.Null(m.Sender);
        Assert.Equal("i", m.Signature);
        Assert.Equal(0, m.UnixFdCount);

        MessageReader reader = m.GetBodyReader();
        Assert.Equal(0, reader.ReadInt32());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void Dbus_send_with_many_argument_types()
    {
        using Message m = GoldenFiles.Parse("dbus-send-many");
        Assert.Equal("Many", m.Member);
        Assert.Equal("siasa{si}vbtdoynqux", m.Signature);
        Assert.Equal(
            new object[]
            {
                "memory",
                -42,
                new DBusArray("s", ["a", "b", "c"]),
                new DBusArray("{si}", [new DBusDictEntry("a", 1), new DBusDictEntry("b", 2)]),
                new DBusVariant("i", 5),
                true,
                ulong.MaxValue,
                2.5,
                new ObjectPath(CgPath + "/child"),
                (byte)7,
                (short)-3,
                (ushort)65535,
                4_000_000_000u,
                -9_000_000_000L,
            },
            ReadAll(m));

        // The typed API reads the same bytes without the value model.
        MessageReader r = m.GetBodyReader();
        Assert.Equal("memory", r.ReadString());
        Assert.Equal(-42, r.ReadInt32());
        var strings = new List<string>();
        int end = r.ReadArrayStart('s');
        while (r.HasNext(end))
        {
            strings.Add(r.ReadString());
        }

        Assert.Equal(["a", "b", "c"], strings);
        var dict = new Dictionary<string, int>();
        end = r.ReadArrayStart('{');
        while (r.HasNext(end))
        {
            r.AlignStruct();
            dict.Add(r.ReadString(), r.ReadInt32());
        }

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }, dict);
        Assert.Equal(new DBusVariant("i", 5), r.ReadVariant());
        Assert.True(r.ReadBool());
        Assert.Equal(ulong.MaxValue, r.ReadUInt64());
        Assert.Equal(2.5, r.ReadDouble());
        Assert.Equal(CgPath + "/child", r.ReadObjectPath());
        Assert.Equal(7, r.ReadByte());
        Assert.Equal(-3, r.ReadInt16());
        Assert.Equal(65535, r.ReadUInt16());
        Assert.Equal(4_000_000_000u, r.ReadUInt32());
        Assert.Equal(-9_000_000_000L, r.ReadInt64());
        Assert.True(r.AtEnd);
    }

    [Theory]
    [InlineData("busctl-hello")]
    [InlineData("gdbus-hello")]
    public void Hello_to_the_bus(string name)
    {
        using Message m = GoldenFiles.Parse(name);
        Assert.Equal(1u, m.Serial);
        Assert.Equal("/org/freedesktop/DBus", m.Path);
        Assert.Equal("org.freedesktop.DBus", m.Interface);
        Assert.Equal("Hello", m.Member);
        Assert.Equal("org.freedesktop.DBus", m.Destination);
        Assert.Equal("", m.Signature);
        Assert.True(m.Body.IsEmpty);
    }

    [Fact]
    public void Busctl_create()
    {
        using Message m = GoldenFiles.Parse("busctl-create");
        Assert.Equal(2u, m.Serial);
        Assert.Equal(MessageFlags.AllowInteractiveAuthorization, m.Flags);
        Assert.Equal(CgPath, m.Path);
        Assert.Equal(CgInterface, m.Interface);
        Assert.Equal("Create", m.Member);
        Assert.Equal(CgService, m.Destination);
        Assert.Equal("ss", m.Signature);
        Assert.Equal(new object[] { "memory", "foo" }, ReadAll(m));
    }

    [Fact]
    public void Busctl_complex_with_structs_dicts_and_variants_in_variants()
    {
        using Message m = GoldenFiles.Parse("busctl-complex");
        Assert.Equal("Complex", m.Member);
        Assert.Equal("a(ix)a{sv}(sa(yt))av", m.Signature);
        Assert.Equal(ComplexArguments, ReadAll(m));
    }

    [Fact]
    public void Gdbus_get_value_with_an_empty_string()
    {
        using Message m = GoldenFiles.Parse("gdbus-getvalue");
        Assert.Equal(CgPath, m.Path);
        Assert.Equal(CgInterface, m.Interface);
        Assert.Equal("GetValue", m.Member);
        Assert.Equal(CgService, m.Destination);
        Assert.Equal("sss", m.Signature);
        Assert.Equal(new object[] { "memory", "", "memory.limit_in_bytes" }, ReadAll(m));
    }

    [Fact]
    public void Gdbus_introspect()
    {
        using Message m = GoldenFiles.Parse("gdbus-introspect");
        Assert.Equal("org.freedesktop.DBus.Introspectable", m.Interface);
        Assert.Equal("Introspect", m.Member);
        Assert.Equal(CgPath, m.Path);
    }

    /// <summary>What busctl was told to send for Complex (see capture.py).</summary>
    internal static readonly object[] ComplexArguments =
    [
        new DBusArray("(ix)", [new DBusStruct([1, -2L]), new DBusStruct([3, -4L])]),
        new DBusArray("{sv}", [new DBusDictEntry("name", new DBusVariant("s", "foo")), new DBusDictEntry("count", new DBusVariant("u", 3u))]),
        new DBusStruct(["bar", new DBusArray("(yt)", [new DBusStruct([(byte)9, 10UL])])]),
        new DBusArray("v", [new DBusVariant("v", new DBusVariant("s", "deep")), new DBusVariant("ai", new DBusArray("i", [1, 2]))]),
    ];

    /// <summary>Every body argument through the generic value model.</summary>
    internal static object[] ReadAll(Message message)
    {
        var values = new List<object>();
        MessageReader reader = message.GetBodyReader();
        foreach (string type in SignatureRules.SplitCompleteTypes(message.Signature))
        {
            values.Add(reader.ReadValue(type));
        }

        Assert.True(reader.AtEnd);
        return [.. values];
    }
}
