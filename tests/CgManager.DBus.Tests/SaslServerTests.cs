using CgManager.DBus.Auth;

namespace CgManager.DBus.Tests;

public sealed class SaslServerTests
{
    private const string Guid = "0123456789abcdef0123456789abcdef";

    private static (SaslOutcome Outcome, string? Reply) Step(SaslServer server, string line)
    {
        var outcome = server.Process(line, out var reply);
        return (outcome, reply);
    }

    [Fact]
    public void External_with_an_initial_response_is_accepted_then_fds_then_begin()
    {
        var server = new SaslServer(Guid);
        Assert.Equal((SaslOutcome.Continue, "OK " + Guid), Step(server, "AUTH EXTERNAL 31303030"));
        Assert.Equal("1000", server.ClaimedIdentity);
        Assert.Equal((SaslOutcome.Continue, "AGREE_UNIX_FD"), Step(server, "NEGOTIATE_UNIX_FD"));
        Assert.Equal((SaslOutcome.Begin, null), Step(server, "BEGIN"));
        Assert.True(server.UnixFdsNegotiated);
    }

    [Fact]
    public void External_without_an_initial_response_goes_through_DATA()
    {
        var server = new SaslServer(Guid);
        Assert.Equal((SaslOutcome.Continue, "DATA"), Step(server, "AUTH EXTERNAL"));
        Assert.Equal((SaslOutcome.Continue, "OK " + Guid), Step(server, "DATA"));
        Assert.Equal((SaslOutcome.Begin, null), Step(server, "BEGIN"));
        Assert.False(server.UnixFdsNegotiated);
    }

    [Fact]
    public void External_DATA_may_carry_the_identity()
    {
        var server = new SaslServer(Guid);
        Step(server, "AUTH EXTERNAL");
        Assert.Equal((SaslOutcome.Continue, "OK " + Guid), Step(server, "DATA 30"));
        Assert.Equal("0", server.ClaimedIdentity);
    }

    [Fact]
    public void Anonymous_is_accepted_because_authentication_grants_nothing()
    {
        var server = new SaslServer(Guid);
        Assert.Equal((SaslOutcome.Continue, "OK " + Guid), Step(server, "AUTH ANONYMOUS 746573742d7472616365"));
    }

    [Theory]
    [InlineData("AUTH")]
    [InlineData("AUTH DBUS_COOKIE_SHA1 30")]
    [InlineData("AUTH KERBEROS_V4")]
    public void Other_mechanisms_are_rejected_with_the_list_we_offer(string line)
    {
        var server = new SaslServer(Guid);
        Assert.Equal((SaslOutcome.Continue, "REJECTED EXTERNAL ANONYMOUS"), Step(server, line));
        Assert.Equal((SaslOutcome.Continue, "OK " + Guid), Step(server, "AUTH EXTERNAL 30"));
    }

    [Fact]
    public void Bad_hex_in_external_is_rejected()
    {
        var server = new SaslServer(Guid);
        Assert.Equal((SaslOutcome.Continue, "REJECTED EXTERNAL ANONYMOUS"), Step(server, "AUTH EXTERNAL 3g"));
    }

    [Fact]
    public void Cancel_after_ok_rejects_and_starts_over()
    {
        var server = new SaslServer(Guid);
        Step(server, "AUTH EXTERNAL 30");
        Assert.Equal((SaslOutcome.Continue, "REJECTED EXTERNAL ANONYMOUS"), Step(server, "CANCEL"));
        Assert.Equal((SaslOutcome.Disconnect, null), Step(server, "BEGIN"));
    }

    [Fact]
    public void Error_while_waiting_for_data_rejects()
    {
        var server = new SaslServer(Guid);
        Step(server, "AUTH EXTERNAL");
        Assert.Equal((SaslOutcome.Continue, "REJECTED EXTERNAL ANONYMOUS"), Step(server, "ERROR \"no\""));
    }

    [Fact]
    public void Unknown_commands_get_ERROR_and_begin_before_auth_disconnects()
    {
        var server = new SaslServer(Guid);
        var (outcome, reply) = Step(server, "HELLO");
        Assert.Equal(SaslOutcome.Continue, outcome);
        Assert.StartsWith("ERROR", reply);
        Assert.Equal((SaslOutcome.Disconnect, null), Step(server, "BEGIN"));
    }

    [Fact]
    public void Too_many_commands_disconnect()
    {
        var server = new SaslServer(Guid);
        for (int i = 0; i < SaslServer.MaxCommands; i++)
        {
            Assert.Equal(SaslOutcome.Continue, Step(server, "AUTH").Outcome);
        }

        Assert.Equal(SaslOutcome.Disconnect, Step(server, "AUTH").Outcome);
    }
}
