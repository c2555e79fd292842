using CgManager.DBus;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests;

/// <summary>The standard D-Bus error replies, checked by name and message through our own raw client.</summary>
public sealed class DispatchErrorTests : IClassFixture<DaemonFixture>
{
    private const string Iface = "org.linuxcontainers.cgmanager0_0";
    private readonly RunningDaemon _daemon;

    public DispatchErrorTests(DaemonFixture fixture) => _daemon = fixture.Daemon;

    [Fact]
    public void Unknown_object_path_gets_UnknownObject()
    {
        using var client = RawClient.Connect(_daemon.SocketPath);
        using var reply = client.Call(Iface, "Ping", "i", w => w.WriteInt32(0), path: "/no/such/object");
        Assert.Equal(MessageType.Error, reply.Type);
        Assert.Equal("org.freedesktop.DBus.Error.UnknownObject", reply.ErrorName);
        Assert.Contains("/no/such/object", RawClient.ErrorText(reply));
    }

    [Fact]
    public void Unknown_interface_gets_UnknownInterface()
    {
        using var client = RawClient.Connect(_daemon.SocketPath);
        using var reply = client.Call("org.example.Nothing", "Ping", "i", w => w.WriteInt32(0));
        Assert.Equal("org.freedesktop.DBus.Error.UnknownInterface", reply.ErrorName);
    }

    [Fact]
    public void Unknown_member_gets_UnknownMethod()
    {
        using var client = RawClient.Connect(_daemon.SocketPath);
        using var reply = client.Call(Iface, "Frobnicate");
        Assert.Equal("org.freedesktop.DBus.Error.UnknownMethod", reply.ErrorName);
        Assert.Contains("Frobnicate", RawClient.ErrorText(reply));
    }

    [Fact]
    public void Wrong_signature_gets_InvalidArgs_naming_both_signatures()
    {
        using var client = RawClient.Connect(_daemon.SocketPath);
        using var reply = client.Call(Iface, "Ping", "s", w => w.WriteString("zero"));
        Assert.Equal("org.freedesktop.DBus.Error.InvalidArgs", reply.ErrorName);
        Assert.Equal("Invalid arguments to Ping method: expected signature \"i\", got \"s\"", RawClient.ErrorText(reply));
    }

    [Fact]
    public void A_call_without_interface_matches_the_method_by_member()
    {
        using var client = RawClient.Connect(_daemon.SocketPath);
        using var reply = client.Call(null, "Ping", "i", w => w.WriteInt32(0));
        Assert.Equal(MessageType.MethodReturn, reply.Type);
    }

    [Fact]
    public void Setting_the_read_only_property_is_refused()
    {
        using var client = RawClient.Connect(_daemon.SocketPath);
        using var reply = client.Call("org.freedesktop.DBus.Properties", "Set", "ssv", w =>
        {
            w.WriteString(Iface);
            w.WriteString("api_version");
            w.WriteVariant("i", 11);
        });
        Assert.Equal("org.freedesktop.DBus.Error.AccessDenied", reply.ErrorName);
        Assert.Equal("The api_version property is read-only", RawClient.ErrorText(reply));
    }

    [Fact]
    public void GetAll_of_another_interface_is_an_empty_dictionary()
    {
        using var client = RawClient.Connect(_daemon.SocketPath);
        using var reply = client.Call("org.freedesktop.DBus.Properties", "GetAll", "s", w => w.WriteString("org.example.Other"));
        Assert.Equal(MessageType.MethodReturn, reply.Type);
        var reader = reply.GetBodyReader();
        var dict = (DBusArray)reader.ReadValue("a{sv}");
        Assert.Empty(dict.Items);
    }

    [Fact]
    public void No_reply_expected_suppresses_the_success_reply()
    {
        using var client = RawClient.Connect(_daemon.SocketPath);
        var writer = new MessageWriter();
        writer.WriteInt32(0);
        using (var silent = Message.CreateMethodCall(null, "/org/linuxcontainers/cgmanager", Iface, "Ping", "i", writer.WrittenMemory.ToArray(), MessageFlags.NoReplyExpected))
        {
            client.Connection.Send(silent);
        }

        using var next = Message.CreateMethodCall(null, "/org/linuxcontainers/cgmanager", Iface, "Ping", "i", writer.WrittenMemory.ToArray());
        uint serial = client.Connection.Send(next);
        using var reply = client.Connection.ReadMessage();
        Assert.NotNull(reply);
        Assert.Equal(serial, reply.ReplySerial);
    }

    [Fact]
    public void Introspecting_an_ancestor_lists_the_child_node()
    {
        using var client = RawClient.Connect(_daemon.SocketPath);
        using var reply = client.Call("org.freedesktop.DBus.Introspectable", "Introspect", path: "/org/linuxcontainers");
        var reader = reply.GetBodyReader();
        string xml = reader.ReadString();
        Assert.Contains("<node name=\"cgmanager\"/>", xml);
        Assert.DoesNotContain("<interface", xml);
    }
}
