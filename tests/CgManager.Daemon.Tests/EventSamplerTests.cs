using CgManager.Daemon.Modern;
using CgManager.Daemon.Tests.Infrastructure;
using CgManager.DBus;

namespace CgManager.Daemon.Tests;

/// <summary>
/// Manager1.Watch's sampler on the fake clock (issue 11's leftover): a watched source whose read
/// fails is logged once per failure episode, not on every sample; once it reads again the change
/// it shows is sent as an Event, and a later failure is a new episode, logged once again.
/// </summary>
public sealed class EventSamplerTests : IDisposable
{
    private readonly InProcessDaemon _daemon;
    private readonly WireClient _client;
    private readonly string _cgroup = "watched-" + Guid.NewGuid().ToString("N")[..12];

    public EventSamplerTests()
    {
        LogCapture.EnsureInstalled();
        _daemon = new InProcessDaemon();
        _client = _daemon.Connect();
    }

    private string Events => Path.Combine(_daemon.Host.Unified, _cgroup, "cgroup.events");

    public void Dispose() => _daemon.Dispose();

    [Fact]
    public void A_source_that_cannot_be_read_is_logged_once_per_failure_and_its_recovery_is_sent_as_an_event()
    {
        _daemon.Host.MakeCgroup(_daemon.Host.Unified, _cgroup);
        WireClient.Ok(_client.Call(WireClient.Manager1, "Watch", "sas", w => { w.WriteString(_cgroup); w.WriteStringArray(["populated"]); })).Dispose();

        // A folder where the kernel's file was: open succeeds, read(2) says EISDIR, a failure other than "gone".
        BreakEvents();
        _daemon.Tick(EventWatches.Interval, times: 5);
        var first = Failures();
        var line = Assert.Single(first);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains($"cannot sample populated@", line.Text, StringComparison.Ordinal);
        Assert.Contains("(will keep trying)", line.Text, StringComparison.Ordinal);

        // It reads again, with a new value: the subscriber is told, and nothing more is logged.
        RepairEvents("populated 1\nfrozen 0\n");
        _daemon.Tick(EventWatches.Interval);
        _client.Sync();
        var signal = Assert.Single(_client.Signals, s => s.Member == "Event");
        var body = signal.GetBodyReader();
        Assert.Equal(_cgroup, body.ReadString());
        Assert.Equal("populated", body.ReadString());
        Assert.Equal(true, body.ReadVariant().Value);
        Assert.Single(Failures());

        // A second failure is a new episode: one more line, however many rounds it lasts.
        BreakEvents();
        _daemon.Tick(EventWatches.Interval, times: 4);
        Assert.Equal(2, Failures().Count);
    }

    [Fact]
    public void A_source_that_keeps_failing_is_not_logged_again_however_long_it_fails()
    {
        _daemon.Host.MakeCgroup(_daemon.Host.Unified, _cgroup);
        WireClient.Ok(_client.Call(WireClient.Manager1, "Watch", "sas", w => { w.WriteString(_cgroup); w.WriteStringArray(["populated"]); })).Dispose();
        BreakEvents();

        _daemon.Tick(EventWatches.Interval, times: 50);

        Assert.Single(Failures());
        _client.Sync();
        Assert.DoesNotContain(_client.Signals, s => s.Member == "Event");
    }

    [Fact]
    public void Without_a_tick_of_the_clock_nothing_is_sampled()
    {
        _daemon.Host.MakeCgroup(_daemon.Host.Unified, _cgroup);
        WireClient.Ok(_client.Call(WireClient.Manager1, "Watch", "sas", w => { w.WriteString(_cgroup); w.WriteStringArray(["populated"]); })).Dispose();
        RepairEvents("populated 1\nfrozen 0\n");

        _daemon.Tick(EventWatches.Interval - TimeSpan.FromMilliseconds(1));
        _client.Sync();
        Assert.DoesNotContain(_client.Signals, s => s.Member == "Event");

        _daemon.Tick(TimeSpan.FromMilliseconds(1));
        _client.Sync();
        Assert.Single(_client.Signals, s => s.Member == "Event");
    }

    private List<(LogLevel Level, string Text)> Failures() =>
        [.. LogCapture.Matching($":/{_cgroup}").Where(l => l.Text.Contains("cannot sample", StringComparison.Ordinal))];

    private void BreakEvents()
    {
        File.Delete(Events);
        Directory.CreateDirectory(Events);
    }

    private void RepairEvents(string text)
    {
        if (Directory.Exists(Events))
        {
            Directory.Delete(Events);
        }

        File.WriteAllText(Events, text);
    }
}
