using CgManager.Client;

namespace CgManager.Client.Tests.Library;

/// <summary>
/// What the proxy may send again after losing its upstream (issue 11): it used to retry every call once after a
/// timeout, which could run a MovePid or a Create twice. Reads may be resent; changes only when they never left.
/// </summary>
public sealed class ResendRuleTests
{
    [Fact]
    public async Task A_Create_that_timed_out_after_the_daemon_got_it_is_not_resent_but_a_read_is()
    {
        int calls = 0;
        using var fake = new FakeDaemon((call, connection, _) =>
        {
            Interlocked.Increment(ref calls);
            FakeDaemon.Reply(call, connection); // took the call, never kicks: the client times out
        });
        await using var client = await CgManagerClient.ConnectAsync(new CgManagerClientOptions
        {
            SocketPath = fake.SocketPath,
            ScmStepTimeout = TimeSpan.FromMilliseconds(200),
        });
        var e = await Assert.ThrowsAsync<CgManagerException>(() => client.CreateScmAsync("memory", "x", CgManagerClient.Self));
        Assert.Equal(CgManagerErrorNames.Timeout, e.ErrorName);
        Assert.Equal(1, Volatile.Read(ref calls)); // the daemon did get it
        Assert.False(e.NeverSent);
        Assert.False(ResendRule.MayResend(e, idempotent: false));
        Assert.True(ResendRule.MayResend(e, idempotent: true));
    }

    [Fact]
    public async Task A_call_on_a_connection_already_lost_never_left_and_may_be_resent_on_a_new_one()
    {
        var fake = new FakeDaemon((_, _, _) => { });
        var client = await CgManagerClient.ConnectAsync(new CgManagerClientOptions { SocketPath = fake.SocketPath });
        await using (client)
        {
            fake.Dispose(); // the daemon goes away (as when the host daemon restarts)
            CgManagerException? e = null;
            for (int i = 0; i < 200 && e?.NeverSent != true; i++)
            {
                e = await Assert.ThrowsAsync<CgManagerException>(() => client.CreateAsync("memory", "x"));
                if (e.NeverSent != true)
                {
                    await Task.Delay(10); // the reader has yet to see the end of the connection
                }
            }

            Assert.Equal(CgManagerErrorNames.Disconnected, e!.ErrorName);
            Assert.True(e.NeverSent);
            Assert.True(ResendRule.MayResend(e, idempotent: false));
        }
    }

    [Theory]
    [InlineData(CgManagerErrorNames.InvalidArgs)]
    [InlineData(CgManagerErrorNames.Failed)]
    public void A_daemons_own_answer_is_never_resent(string name) =>
        Assert.False(ResendRule.MayResend(new CgManagerException(name, "permission denied: x"), idempotent: true));
}
