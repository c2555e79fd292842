using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>
/// Removes cgroups marked with RemoveOnEmpty once they are empty. On v2 the kernel says so:
/// cgroup.events is watched with inotify and "populated 0" triggers the removal. On v1 the release
/// agent belongs to the host and is never touched, so emptiness is found by a bounded poll: each
/// round tries rmdir on every marked cgroup, deepest first; the kernel refuses (EBUSY) while tasks
/// or children remain. As v1's notify_on_release, a v1 cgroup goes only after it has held tasks;
/// on v2 (as the reference) an empty one goes at once.
/// </summary>
public sealed partial class RemoveOnEmptyWatcher : IDisposable
{
    /// <summary>Marked cgroups the daemon tracks at most; further marks are refused.</summary>
    public const int MaxMarked = 65536;

    /// <summary>Marks one uid other than root may hold, so that one user cannot use up <see cref="MaxMarked"/> for all.</summary>
    public const int MaxMarkedPerUid = 4096;

    /// <summary>How often the marked cgroups are checked: "within about a second" of emptying.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<(MountedHierarchy Hierarchy, CgroupPath Cgroup), bool> _marked = [];
    private readonly HashSet<(MountedHierarchy Hierarchy, CgroupPath Cgroup)> _reported = [];
    private readonly Dictionary<(MountedHierarchy Hierarchy, CgroupPath Cgroup), uint> _markedBy = [];
    private readonly Dictionary<uint, int> _marksPerUid = [];
    private readonly Lock _lock = new();
    private readonly Timer _timer;
    private MarkJournal _journal = MarkJournal.None;
    private readonly Action<string>? _report;
    private int _running;

    /// <param name="report">Told once per cgroup why it cannot be removed (other than still being busy).</param>
    /// <param name="interval">How often to sweep; null for <see cref="Interval"/>, infinite for never (tests sweep by hand).</param>
    public RemoveOnEmptyWatcher(Action<string>? report = null, TimeSpan? interval = null)
    {
        _report = report;
        _timer = new Timer(_ => Sweep(), null, interval ?? Interval, interval ?? Interval);
    }

    /// <summary>From now on marks are kept in <paramref name="journal"/> too, across a crash of the daemon (set once, before serving).</summary>
    public void UseJournal(MarkJournal journal)
    {
        lock (_lock)
        {
            _journal = journal;
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _marked.Count;
            }
        }
    }

    /// <summary>Marks a cgroup for <paramref name="owner"/> (the requestor's uid; its share of marks is bounded unless it is root).</summary>
    public void Mark(MountedHierarchy hierarchy, CgroupPath cgroup, uint owner = 0) => Mark(hierarchy, cgroup, owner, assumePopulated: false);

    /// <summary>
    /// A mark a previous daemon made and did not carry out (it was killed): marked again, as having
    /// held tasks, since whether it did before the crash is not known and the caller was told it goes.
    /// The journal keeps no owner, so a restored mark counts as root's.
    /// </summary>
    public void Restore(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        if (hierarchy.Root.TryStat(hierarchy.PathOf(cgroup)) is not null)
        {
            Mark(hierarchy, cgroup, owner: 0, assumePopulated: true);
        }
    }

    private void Mark(MountedHierarchy hierarchy, CgroupPath cgroup, uint owner, bool assumePopulated)
    {
        bool populated = assumePopulated || hierarchy.IsUnified || IsPopulated(hierarchy, cgroup);
        lock (_lock)
        {
            if (!_marked.ContainsKey((hierarchy, cgroup)))
            {
                if (_marked.Count >= MaxMarked)
                {
                    throw new Errors.CgException(CgErrorKind.Failed, $"too many cgroups marked for removal ({MaxMarked})");
                }

                int mine = _marksPerUid.GetValueOrDefault(owner);
                if (owner != 0 && mine >= MaxMarkedPerUid)
                {
                    throw new Errors.CgException(CgErrorKind.Failed, $"uid {owner} has {mine} cgroups marked for removal, its limit");
                }

                _marksPerUid[owner] = mine + 1;
                _markedBy[(hierarchy, cgroup)] = owner;
            }

            _marked[(hierarchy, cgroup)] = populated || (_marked.TryGetValue((hierarchy, cgroup), out bool was) && was);
            _journal.Marked(hierarchy, cgroup);
        }

        if (hierarchy.IsUnified)
        {
            WatchEvents(hierarchy, cgroup);
            if (TryRemoveOrReport((hierarchy, cgroup)))
            {
                Forget((hierarchy, cgroup));
            }
        }
    }

    /// <summary>One round: try each eligible cgroup, deepest first.</summary>
    public void Sweep()
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            return;
        }

        try
        {
            KeyValuePair<(MountedHierarchy Hierarchy, CgroupPath Cgroup), bool>[] entries;
            lock (_lock)
            {
                entries = [.. _marked];
            }

            foreach (var (key, seenPopulated) in entries.OrderByDescending(e => e.Key.Cgroup.Depth))
            {
                try
                {
                    SweepOne(key, seenPopulated);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A timer callback that throws would end the daemon; the cgroup is tried again next round.
                    ReportOnce(key, e.Message);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _inotify?.Dispose();
        lock (_lock)
        {
            _journal.Close(nothingMarked: _marked.Count == 0);
        }
    }

    private void SweepOne((MountedHierarchy Hierarchy, CgroupPath Cgroup) key, bool seenPopulated)
    {
        var (hierarchy, cgroup) = key;
        if (IsWatched(key))
        {
            return; // inotify reports it
        }

        if (!seenPopulated)
        {
            if (IsPopulated(hierarchy, cgroup))
            {
                lock (_lock)
                {
                    _marked[key] = true;
                }
            }

            return;
        }

        if (TryRemove(hierarchy, cgroup))
        {
            Forget(key);
        }
    }

    /// <summary><see cref="TryRemove"/>, where a failure other than busy is reported (once) and the cgroup kept.</summary>
    private bool TryRemoveOrReport((MountedHierarchy Hierarchy, CgroupPath Cgroup) key)
    {
        try
        {
            return TryRemove(key.Hierarchy, key.Cgroup);
        }
        catch (LinuxException e)
        {
            ReportOnce(key, e.Message);
            return false;
        }
    }

    /// <summary>The first failure of a cgroup is told; the same cgroup failing every round is not told again.</summary>
    private void ReportOnce((MountedHierarchy Hierarchy, CgroupPath Cgroup) key, string why)
    {
        lock (_lock)
        {
            if (!_reported.Add(key))
            {
                return;
            }
        }

        _report?.Invoke($"remove-on-empty: cannot remove {key.Hierarchy.Name}:{key.Cgroup} (will keep trying): {why}");
    }

    private void Forget((MountedHierarchy Hierarchy, CgroupPath Cgroup) key)
    {
        lock (_lock)
        {
            if (_marked.Remove(key))
            {
                _journal.Forgotten(key.Hierarchy, key.Cgroup);
            }

            _reported.Remove(key);
            if (_markedBy.Remove(key, out uint owner) && _marksPerUid.TryGetValue(owner, out int count))
            {
                if (count <= 1)
                {
                    _marksPerUid.Remove(owner);
                }
                else
                {
                    _marksPerUid[owner] = count - 1;
                }
            }

            Unwatch(key);
        }
    }

    /// <summary>
    /// True once it is gone (removed now, or by someone else); false while the kernel says it is busy. Any other
    /// failure throws, for the sweep to report once.
    /// </summary>
    private static bool TryRemove(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        try
        {
            CgroupRemoval.RemoveOne(hierarchy, cgroup);
            return true;
        }
        catch (LinuxException e) when (e.Errno == Errno.ENOENT || e.Errno == Errno.EBUSY)
        {
            return e.Errno == Errno.ENOENT;
        }
        catch (Errors.CgException)
        {
            return true;
        }
    }

    private static bool IsPopulated(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        try
        {
            string tasks = hierarchy.Root.ReadAllText(hierarchy.PathOf(cgroup, "cgroup.procs"));
            return tasks.Length > 0 || hierarchy.Root.ListEntries(hierarchy.PathOf(cgroup)).Any(e => e.Type == FileType.Directory);
        }
        catch (LinuxException)
        {
            return false;
        }
    }
}
