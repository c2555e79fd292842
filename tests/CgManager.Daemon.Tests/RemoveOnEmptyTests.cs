using CgManager.Core.Operations;
using CgManager.Daemon.Tests.Infrastructure;

namespace CgManager.Daemon.Tests;

/// <summary>RemoveOnEmpty through the wire, its sweep on the fake clock: removal follows the tick after the cgroup empties, and not sooner.</summary>
public sealed class RemoveOnEmptyTests : IDisposable
{
    private readonly InProcessDaemon _daemon;
    private readonly WireClient _client;
    private readonly string _cgroup = "roe-" + Guid.NewGuid().ToString("N")[..12];

    public RemoveOnEmptyTests()
    {
        LogCapture.EnsureInstalled();
        _daemon = new InProcessDaemon();
        _client = _daemon.Connect();
    }

    public void Dispose() => _daemon.Dispose();

    [Fact]
    public void A_marked_v1_cgroup_goes_at_the_first_sweep_after_it_empties()
    {
        string dir = _daemon.Host.MakeCgroup(_daemon.Host.Memory, _cgroup);
        File.WriteAllText(Path.Combine(dir, "cgroup.procs"), "42\n"); // it has held a task: eligible on v1
        WireClient.Ok(_client.Call(WireClient.Compat, "RemoveOnEmpty", "ss", w => { w.WriteString("memory"); w.WriteString(_cgroup); })).Dispose();
        Assert.Equal(1, _daemon.Service.Watcher.Count);

        // The task leaves (here: the kernel's files go, so that rmdir of the plain folder can succeed).
        foreach (var file in Directory.GetFiles(dir))
        {
            File.Delete(file);
        }

        _daemon.Tick(RemoveOnEmptyWatcher.Interval - TimeSpan.FromMilliseconds(1));
        Assert.True(Directory.Exists(dir));

        _daemon.Tick(TimeSpan.FromMilliseconds(1));
        Assert.False(Directory.Exists(dir));
        Assert.Equal(0, _daemon.Service.Watcher.Count);
    }

    [Fact]
    public void A_marked_cgroup_that_cannot_be_removed_is_logged_once_over_many_sweeps()
    {
        string dir = _daemon.Host.MakeCgroup(_daemon.Host.Memory, _cgroup);
        File.WriteAllText(Path.Combine(dir, "cgroup.procs"), "42\n");
        WireClient.Ok(_client.Call(WireClient.Compat, "RemoveOnEmpty", "ss", w => { w.WriteString("memory"); w.WriteString(_cgroup); })).Dispose();

        // Files left in a plain folder: rmdir says ENOTEMPTY, which is no "busy".
        _daemon.Tick(RemoveOnEmptyWatcher.Interval, times: 8);

        var line = Assert.Single(LogCapture.Matching($"memory:/{_cgroup}"));
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("remove-on-empty: cannot remove", line.Text, StringComparison.Ordinal);
        Assert.True(Directory.Exists(dir));
        Assert.Equal(1, _daemon.Service.Watcher.Count);
    }
}
