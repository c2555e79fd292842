using CgManager.Integration.Tests.Infrastructure;
using Tmds.DBus.Protocol;

namespace CgManager.Integration.Tests;

/// <summary>Tmds.DBus.Protocol, an independent .NET implementation, as a client of the daemon.</summary>
public sealed class TmdsClientTests : IClassFixture<DaemonFixture>
{
    private const string ObjectPath = "/org/linuxcontainers/cgmanager";
    private const string Iface = "org.linuxcontainers.cgmanager0_0";

    private readonly RunningDaemon _daemon;

    public TmdsClientTests(DaemonFixture fixture) => _daemon = fixture.Daemon;

    [Fact]
    public async Task Tmds_connects_says_hello_and_calls_the_interface()
    {
        using var connection = new DBusConnection(_daemon.Address);
        await connection.ConnectAsync();
        Assert.StartsWith(":1.", connection.UniqueName);

        await connection.CallMethodAsync(Create(connection, Iface, "Ping", "i", 7));

        string[] controllers = await connection.CallMethodAsync(
            Create(connection, Iface, "ListControllers", null),
            (Message m, object? _) => m.GetBodyReader().ReadArrayOfString());
        Assert.Contains("memory", controllers);

        int version = await connection.CallMethodAsync(
            Create(connection, "org.freedesktop.DBus.Properties", "Get", "ss", Iface, "api_version"),
            (Message m, object? _) => m.GetBodyReader().ReadVariantValue().GetInt32());
        Assert.Equal(10, version);
    }

    [Fact]
    public async Task Tmds_sees_InvalidArgs_for_a_wrong_signature()
    {
        using var connection = new DBusConnection(_daemon.Address);
        await connection.ConnectAsync();
        var error = await Assert.ThrowsAsync<DBusErrorReplyException>(() =>
            connection.CallMethodAsync(Create(connection, Iface, "Ping", "s", "x")));
        Assert.Equal("org.freedesktop.DBus.Error.InvalidArgs", error.ErrorName);
        Assert.Contains("Ping", error.ErrorMessage);
    }

    private static MessageBuffer Create(DBusConnection connection, string iface, string member, string? signature, params object[] args)
    {
        var writer = connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(destination: "org.linuxcontainers.cgmanager", path: ObjectPath, @interface: iface, member: member, signature: signature);
            foreach (var arg in args)
            {
                switch (arg)
                {
                    case int i:
                        writer.WriteInt32(i);
                        break;
                    case string text:
                        writer.WriteString(text);
                        break;
                    default:
                        throw new ArgumentException($"unsupported argument {arg}");
                }
            }

            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
