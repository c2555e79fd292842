using CgManager.DBus.Tests.Support;

namespace CgManager.DBus.Tests.Messages;

public class SerializeTests
{
    private const string CgPath = "/org/linuxcontainers/cgmanager";
    private const string CgInterface = "org.linuxcontainers.cgmanager0_0";

    private static ReadOnlyMemory<byte> Body(Action<MessageWriter> write)
    {
        var writer = new MessageWriter();
        write(writer);
        return writer.WrittenMemory.ToArray();
    }

    [Fact]
    public void A_ping_call_serializes_byte_for_byte_like_libdbus()
    {
        // libdbus writes PATH, INTERFACE, MEMBER, SIGNATURE: the same order as ours.
        using Message call = Message.CreateMethodCall(null, CgPath, CgInterface, "Ping", "i", Body(w => w.WriteInt32(0)));
        Assert.Equal(Hex.Format(GoldenFiles.Load("dbus-send-ping")), Hex.Format(call.Serialize(1)));
    }

    [Fact]
    public void A_method_call_round_trips_with_every_header_field()
    {
        using Message call = Message.CreateMethodCall(
            "org.linuxcontainers.cgmanager", CgPath, CgInterface, "GetValue", "sss",
            Body(w => { w.WriteString("memory"); w.WriteString(""); w.WriteString("memory.limit_in_bytes"); }),
            MessageFlags.NoAutoStart);

        byte[] bytes = call.Serialize(7);
        Assert.Equal(7u, call.Serial);
        using Message parsed = Message.Parse(bytes, []);

        Assert.Equal(MessageType.MethodCall, parsed.Type);
        Assert.Equal(MessageFlags.NoAutoStart, parsed.Flags);
        Assert.Equal(7u, parsed.Serial);
        Assert.Equal("org.linuxcontainers.cgmanager", parsed.Destination);
        Assert.Equal(CgPath, parsed.Path);
        Assert.Equal(CgInterface, parsed.Interface);
        Assert.Equal("GetValue", parsed.Member);
        Assert.Equal("sss", parsed.Signature);
        Assert.Equal(new object[] { "memory", "", "memory.limit_in_bytes" }, GoldenMessageTests.ReadAll(parsed));
    }

    [Fact]
    public void A_method_return_answers_the_call_serial_and_goes_back_to_the_sender()
    {
        using Message call = Message.Parse(
            RawMessage.Build([.. RawMessage.CallFields, RawField.Sender(":1.42")], serial: 99), []);
        using Message reply = Message.CreateMethodReturn(call, "i", Body(w => w.WriteInt32(1)));

        using Message parsed = Message.Parse(reply.Serialize(3), []);
        Assert.Equal(MessageType.MethodReturn, parsed.Type);
        Assert.Equal(MessageFlags.NoReplyExpected, parsed.Flags);
        Assert.Equal(99u, parsed.ReplySerial);
        Assert.Equal(":1.42", parsed.Destination);
        Assert.Null(parsed.Path);
        Assert.Equal(new object[] { 1 }, GoldenMessageTests.ReadAll(parsed));
    }

    [Fact]
    public void A_method_return_to_a_peer_without_sender_has_no_destination()
    {
        using Message call = GoldenFiles.Parse("dbus-send-ping");
        using Message reply = Message.CreateMethodReturn(call, "", ReadOnlyMemory<byte>.Empty);
        using Message parsed = Message.Parse(reply.Serialize(1), []);
        Assert.Null(parsed.Destination);
        Assert.Equal(call.Serial, parsed.ReplySerial);
        Assert.Equal("", parsed.Signature);
    }

    [Fact]
    public void An_error_carries_its_name_and_one_string()
    {
        using Message call = Message.Parse(
            RawMessage.Build([.. RawMessage.CallFields, RawField.Sender(":1.7")], serial: 5), []);
        using Message error = Message.CreateError(call, "org.linuxcontainers.cgmanager.Error.Denied", "no, you may not");

        using Message parsed = Message.Parse(error.Serialize(2), []);
        Assert.Equal(MessageType.Error, parsed.Type);
        Assert.Equal(MessageFlags.NoReplyExpected, parsed.Flags);
        Assert.Equal("org.linuxcontainers.cgmanager.Error.Denied", parsed.ErrorName);
        Assert.Equal(5u, parsed.ReplySerial);
        Assert.Equal(":1.7", parsed.Destination);
        Assert.Equal("s", parsed.Signature);
        Assert.Equal(new object[] { "no, you may not" }, GoldenMessageTests.ReadAll(parsed));
    }

    [Fact]
    public void A_signal_round_trips()
    {
        using Message signal = Message.CreateSignal(CgPath, CgInterface, "Changed", "as", Body(w => w.WriteValue("as", new[] { "x" })));
        using Message parsed = Message.Parse(signal.Serialize(4), []);
        Assert.Equal(MessageType.Signal, parsed.Type);
        Assert.Equal((CgPath, CgInterface, "Changed"), (parsed.Path, parsed.Interface, parsed.Member));
        Assert.Equal(new object[] { new DBusArray("s", ["x"]) }, GoldenMessageTests.ReadAll(parsed));
    }

    [Fact]
    public void Outgoing_fds_are_announced_in_UNIX_FDS()
    {
        using var fd = FdHelper.OpenDevNull();
        using Message call = Message.CreateMethodCall(null, CgPath, CgInterface, "MovePid", "h", Body(w => w.WriteUnixFdIndex(0)), fds: [fd]);
        byte[] bytes = call.Serialize(1);

        Assert.Throws<ProtocolException>(() => Message.Parse(bytes, []));
        using Message parsed = Message.Parse(bytes, [FdHelper.OpenDevNull()]);
        Assert.Equal(1, parsed.UnixFdCount);
        Assert.Equal(new object[] { new UnixFdIndex(0) }, GoldenMessageTests.ReadAll(parsed));
        Assert.False(fd.IsClosed); // outgoing fds stay the caller's
    }

    [Fact]
    public void Serial_zero_cannot_be_sent() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Message.CreateMethodCall(null, CgPath, null, "Ping", "", ReadOnlyMemory<byte>.Empty).Serialize(0));

    [Fact]
    public void Factories_refuse_names_a_peer_would_reject()
    {
        ReadOnlyMemory<byte> none = ReadOnlyMemory<byte>.Empty;
        Assert.Throws<ArgumentException>(() => Message.CreateMethodCall(null, "bad", null, "Ping", "", none));
        Assert.Throws<ArgumentException>(() => Message.CreateMethodCall(null, CgPath, "nodots", "Ping", "", none));
        Assert.Throws<ArgumentException>(() => Message.CreateMethodCall(null, CgPath, null, "Bad.Member", "", none));
        Assert.Throws<ArgumentException>(() => Message.CreateMethodCall("bad", CgPath, null, "Ping", "", none));
        Assert.Throws<ArgumentException>(() => Message.CreateMethodCall(null, CgPath, null, "Ping", "a", none));
        using Message call = GoldenFiles.Parse("dbus-send-ping");
        Assert.Throws<ArgumentException>(() => Message.CreateError(call, "NotAnErrorName", "x"));
    }
}
