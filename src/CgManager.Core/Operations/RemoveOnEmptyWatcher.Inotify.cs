using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>The v2 half of the watcher: cgroup.events under inotify, one reader thread.</summary>
public sealed partial class RemoveOnEmptyWatcher
{
    private readonly Dictionary<int, (MountedHierarchy Hierarchy, CgroupPath Cgroup)> _byWatch = [];
    private readonly Dictionary<(MountedHierarchy Hierarchy, CgroupPath Cgroup), int> _watches = [];
    private Inotify? _inotify;
    private Thread? _reader;

    private bool IsWatched((MountedHierarchy Hierarchy, CgroupPath Cgroup) key)
    {
        lock (_lock)
        {
            return _watches.ContainsKey(key);
        }
    }

    /// <summary>Watches the cgroup's cgroup.events; where that fails the poll still covers it.</summary>
    private void WatchEvents(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        try
        {
            lock (_lock)
            {
                if (_watches.ContainsKey((hierarchy, cgroup)))
                {
                    return;
                }

                _inotify ??= Inotify.Create();
                using var events = hierarchy.Root.OpenFile(hierarchy.PathOf(cgroup, "cgroup.events"), OpenFlags.O_RDONLY);
                int wd = _inotify.AddWatch(events, InotifyMask.IN_MODIFY, $"{hierarchy.Name}:{cgroup}/cgroup.events");
                _byWatch[wd] = (hierarchy, cgroup);
                _watches[(hierarchy, cgroup)] = wd;
                if (_reader is null)
                {
                    _reader = new Thread(ReadLoop, 128 * 1024) { IsBackground = true, Name = "remove-on-empty" };
                    _reader.Start();
                }
            }
        }
        catch (LinuxException)
        {
            // No inotify (or the cgroup is going away): the poll keeps an eye on it.
        }
    }

    /// <summary>Called with the lock held.</summary>
    private void Unwatch((MountedHierarchy Hierarchy, CgroupPath Cgroup) key)
    {
        if (_watches.Remove(key, out int wd))
        {
            _byWatch.Remove(wd);
            try
            {
                _inotify?.RemoveWatch(wd);
            }
            catch (LinuxException)
            {
                // Already gone with its cgroup (IN_IGNORED).
            }
        }
    }

    private void ReadLoop()
    {
        var inotify = _inotify!;
        while (true)
        {
            IReadOnlyList<InotifyEvent> events;
            try
            {
                events = inotify.ReadEvents();
            }
            catch (Exception e) when (e is LinuxException or ObjectDisposedException or FormatException)
            {
                return;
            }

            foreach (var e in events)
            {
                (MountedHierarchy Hierarchy, CgroupPath Cgroup) key;
                lock (_lock)
                {
                    if (!_byWatch.TryGetValue(e.WatchDescriptor, out key))
                    {
                        continue;
                    }
                }

                if ((e.Mask & InotifyMask.IN_IGNORED) != 0 || TryRemoveOrReport(key))
                {
                    Forget(key);
                }
            }
        }
    }
}
