using CgManager.Core.Operations;
using CgManager.Daemon.Tests.Infrastructure;

namespace CgManager.Daemon.Tests;

/// <summary>
/// Manager1.Freeze writes cgroup.freeze and then waits for cgroup.events to say "frozen 1", at most
/// <see cref="LifecycleOperations.SettleTimeout"/> on the service's clock: here a fake one, so the timeout
/// is reached by stepping it, not by waiting five seconds.
/// </summary>
public sealed class FreezeWaitTests : IDisposable
{
    private readonly InProcessDaemon _daemon = new();
    private readonly WireClient _client;
    private readonly string _dir;

    public FreezeWaitTests()
    {
        _client = _daemon.Connect();
        _dir = _daemon.Host.MakeCgroup(_daemon.Host.Unified, "ice");
    }

    public void Dispose() => _daemon.Dispose();

    [Fact]
    public void Freeze_returns_once_the_kernel_says_frozen()
    {
        File.WriteAllText(Path.Combine(_dir, "cgroup.events"), "populated 0\nfrozen 1\n");
        WireClient.Ok(_client.Call(WireClient.Manager1, "Freeze", "s", w => w.WriteString("ice"))).Dispose();
        Assert.Equal("1\n", File.ReadAllText(Path.Combine(_dir, "cgroup.freeze")));
    }

    [Fact]
    public async Task Freeze_that_never_settles_is_Busy_once_the_settle_timeout_has_passed_on_the_clock()
    {
        var call = Task.Run(() => _client.Call(WireClient.Manager1, "Freeze", "s", w => w.WriteString("ice")));

        // Steps the clock until the daemon gives up: it has written cgroup.freeze and polls cgroup.events, which never changes here.
        int steps = 0;
        while (!call.IsCompleted && steps < 500)
        {
            _daemon.Tick(TimeSpan.FromSeconds(1));
            steps++;
            await Task.Delay(10);
        }

        using var reply = await call.WaitAsync(TimeSpan.FromSeconds(10));
        var (name, text) = WireClient.Error(reply);
        Assert.Equal("org.linuxcontainers.cgmanager.Error.Busy", name);
        Assert.Contains("did not become frozen within 5 s", text, StringComparison.Ordinal);
        // More than the timeout's seconds of the fake clock, and far fewer than its real time would take in 10 ms rounds.
        Assert.InRange(steps, (int)LifecycleOperations.SettleTimeout.TotalSeconds + 1, 50);
    }
}
