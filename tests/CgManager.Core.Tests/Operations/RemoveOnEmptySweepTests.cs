using CgManager.Core.Hierarchies;
using CgManager.Core.Operations;
using CgManager.Core.Paths;
using CgManager.Linux;
using Microsoft.Extensions.Time.Testing;

namespace CgManager.Core.Tests.Operations;

/// <summary>
/// The remove-on-empty sweep on a plain directory tree standing in for a v1 hierarchy (the production code, over a
/// directory fd): a cgroup that cannot be removed for another reason than being busy is told once, not every round
/// (issue 11: the sweep used to swallow every failure silently).
/// </summary>
public sealed class RemoveOnEmptySweepTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cgm-sweep-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_cgroup_that_cannot_be_removed_is_reported_once_with_its_name_and_removed_once_it_can()
    {
        // A directory with a file in it: rmdir says ENOTEMPTY, which is no "busy" (a cgroup's files go with it).
        string dir = Path.Combine(_root, "job");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "cgroup.procs"), "42\n"); // populated: eligible on v1
        var reports = new List<string>();
        using var hierarchy = new MountedHierarchy(
            new Hierarchy(["memory"], null, isUnified: false, _root, CgroupPath.Root, isPremounted: true),
            CgroupDirectory.Open(_root), CgroupPath.Root, isDetached: false);
        using var watcher = new RemoveOnEmptyWatcher(r => { lock (reports) { reports.Add(r); } }, Timeout.InfiniteTimeSpan);

        watcher.Mark(hierarchy, CgroupPath.Parse("/job"));
        for (int round = 0; round < 5; round++)
        {
            watcher.Sweep();
        }

        string report = Assert.Single(reports);
        Assert.Contains("memory:/job", report, StringComparison.Ordinal);
        Assert.Equal(1, watcher.Count);

        File.Delete(Path.Combine(dir, "cgroup.procs"));
        watcher.Sweep();
        Assert.False(Directory.Exists(dir));
        Assert.Equal(0, watcher.Count);
        Assert.Single(reports);
    }

    [Fact]
    public void Sweeps_run_on_the_clock_given_one_per_interval_and_none_between()
    {
        string dir = Path.Combine(_root, "timed");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "cgroup.procs"), "42\n");
        var clock = new FakeTimeProvider();
        using var hierarchy = new MountedHierarchy(
            new Hierarchy(["memory"], null, isUnified: false, _root, CgroupPath.Root, isPremounted: true),
            CgroupDirectory.Open(_root), CgroupPath.Root, isDetached: false);
        using var watcher = new RemoveOnEmptyWatcher(time: clock);
        watcher.Mark(hierarchy, CgroupPath.Parse("/timed"));
        File.Delete(Path.Combine(dir, "cgroup.procs")); // its last task left

        clock.Advance(RemoveOnEmptyWatcher.Interval - TimeSpan.FromTicks(1));
        Assert.True(Directory.Exists(dir));
        Assert.Equal(1, watcher.Count);

        clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(Directory.Exists(dir));
        Assert.Equal(0, watcher.Count);
    }

    [Fact]
    public void A_failing_cgroup_is_reported_once_over_many_ticks_of_the_clock()
    {
        string dir = Path.Combine(_root, "stuck");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "cgroup.procs"), "42\n");
        var clock = new FakeTimeProvider();
        var reports = new List<string>();
        using var hierarchy = new MountedHierarchy(
            new Hierarchy(["memory"], null, isUnified: false, _root, CgroupPath.Root, isPremounted: true),
            CgroupDirectory.Open(_root), CgroupPath.Root, isDetached: false);
        using var watcher = new RemoveOnEmptyWatcher(r => { lock (reports) { reports.Add(r); } }, time: clock);
        watcher.Mark(hierarchy, CgroupPath.Parse("/stuck"));

        Assert.Empty(reports); // nothing is tried before the first tick
        for (int tick = 0; tick < 20; tick++)
        {
            clock.Advance(RemoveOnEmptyWatcher.Interval);
        }

        Assert.Contains("memory:/stuck", Assert.Single(reports), StringComparison.Ordinal);
    }
}
