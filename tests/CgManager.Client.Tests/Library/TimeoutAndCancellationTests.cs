using System.Diagnostics;
using CgManager.Client;

namespace CgManager.Client.Tests.Library;

/// <summary>Cancellation and deadlines, against a peer that stalls where a real daemon would not.</summary>
public sealed class TimeoutAndCancellationTests
{
    private static Task<CgManagerClient> Connect(FakeDaemon fake, TimeSpan? step = null) =>
        CgManagerClient.ConnectAsync(new CgManagerClientOptions { SocketPath = fake.SocketPath, ScmStepTimeout = step ?? TimeSpan.FromSeconds(30) });

    [Fact]
    public async Task A_plain_call_that_gets_no_reply_is_cancelled_promptly()
    {
        using var fake = new FakeDaemon((_, _, _) => { });
        await using var client = await Connect(fake);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PingAsync(cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_Scm_exchange_waiting_for_its_kick_is_cancelled_promptly()
    {
        using var fake = new FakeDaemon((call, connection, _) => FakeDaemon.Reply(call, connection)); // reply, never kick
        await using var client = await Connect(fake);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CreateScmAsync("memory", "x", CgManagerClient.Self, cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_missing_kick_is_a_timeout_error_naming_the_method()
    {
        using var fake = new FakeDaemon((call, connection, _) => FakeDaemon.Reply(call, connection));
        await using var client = await Connect(fake, TimeSpan.FromMilliseconds(300));
        var e = await Assert.ThrowsAsync<CgManagerException>(() => client.CreateScmAsync("memory", "x", CgManagerClient.Self));
        Assert.Equal(CgManagerErrorNames.Timeout, e.ErrorName);
        Assert.Equal("CreateScm", e.Method);
        Assert.Contains("first kick", e.Message);
    }

    [Fact]
    public async Task A_missing_second_kick_times_out_for_a_two_credential_method()
    {
        using var fake = new FakeDaemon((call, connection, side) =>
        {
            side!.SendOnce("1"u8, null, null);
            FakeDaemon.Reply(call, connection);
        });
        await using var client = await Connect(fake, TimeSpan.FromMilliseconds(300));
        var e = await Assert.ThrowsAsync<CgManagerException>(() =>
            client.MovePidScmAsync("memory", "x", CgManagerClient.Self, CgManagerClient.Self));
        Assert.Equal(CgManagerErrorNames.Timeout, e.ErrorName);
        Assert.Contains("second kick", e.Message);
    }

    [Fact]
    public async Task A_string_result_without_its_NUL_is_a_protocol_error()
    {
        using var fake = new FakeDaemon((call, connection, side) =>
        {
            side!.SendOnce("1"u8, null, null);
            FakeDaemon.Reply(call, connection);
            side.SetReceiveTimeout(TimeSpan.FromSeconds(5));
            side.Receive(new byte[16], null, out _);
            side.SendOnce("abc"u8, null, null);
        });
        await using var client = await Connect(fake);
        var e = await Assert.ThrowsAsync<CgManagerException>(() =>
            client.GetValueScmAsync("memory", "", "memory.limit_in_bytes", CgManagerClient.Self));
        Assert.Equal(CgManagerErrorNames.ScmProtocol, e.ErrorName);
    }

    [Fact]
    public async Task The_requestor_credential_arrives_as_sent()
    {
        Linux.Sockets.PeerCredentials? seen = null;
        using var fake = new FakeDaemon((call, connection, side) =>
        {
            side!.SendOnce("1"u8, null, null);
            FakeDaemon.Reply(call, connection);
            side.SetReceiveTimeout(TimeSpan.FromSeconds(5));
            int n = side.Receive(new byte[16], null, out seen);
            side.SendOnce(n == 1 ? "2"u8 : "0"u8, null, null);
        });
        await using var client = await Connect(fake);
        Assert.Equal(CreateResult.Existed, await client.CreateScmAsync("memory", "x", CgManagerClient.Self));
        Assert.Equal(CgManagerClient.Self, seen);
    }

    [Fact]
    public async Task An_error_reply_keeps_its_name_and_message()
    {
        using var fake = new FakeDaemon((call, connection, _) =>
            connection.Send(DBus.Message.CreateError(call, CgManagerErrorNames.InvalidArgs, "permission denied: memory:/x: not yours")));
        await using var client = await Connect(fake);
        var e = await Assert.ThrowsAsync<CgManagerException>(() => client.CreateAsync("memory", "x"));
        Assert.Equal(CgManagerErrorNames.InvalidArgs, e.ErrorName);
        Assert.Equal("permission denied: memory:/x: not yours", e.Message);
        Assert.Equal("Create", e.Method);
    }

    [Fact]
    public async Task Calls_in_flight_fail_as_disconnected_when_the_daemon_goes_away()
    {
        var fake = new FakeDaemon((_, _, _) => { });
        await using var client = await Connect(fake);
        var ping = client.PingAsync();
        fake.Dispose();
        var e = await Assert.ThrowsAsync<CgManagerException>(() => ping);
        Assert.Equal(CgManagerErrorNames.Disconnected, e.ErrorName);
    }
}
