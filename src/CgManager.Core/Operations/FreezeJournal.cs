using System.Text;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>
/// The cgroups the daemon has frozen for itself (Kill, Delete with force) and not thawed yet, kept in
/// a small file so that a daemon killed meanwhile thaws them when it starts again: frozen v1 tasks
/// ignore even SIGKILL, so a subtree left frozen would stay stuck. A client's own Freeze is not
/// recorded (it is meant to last). One line per freeze, "hierarchy TAB cgroup"; a cgroup frozen by
/// two calls at once has two lines. The file is rewritten whole (a new file renamed over the old),
/// so a crash leaves the old or the new list, never half of one.
/// </summary>
public sealed class FreezeJournal
{
    private readonly string? _path;
    private readonly Lock _lock = new();
    private readonly List<(string Hierarchy, CgroupPath Cgroup)> _frozen = [];

    /// <param name="path">The journal file, or null to keep none (nothing survives a crash then).</param>
    public FreezeJournal(string? path) => _path = path;

    /// <summary>Records the freezes before they are made; the returned handle forgets them once thawed.</summary>
    public IDisposable Record(IReadOnlyList<(MountedHierarchy Hierarchy, CgroupPath Cgroup)> targets)
    {
        var entries = targets.Select(t => (t.Hierarchy.Name, t.Cgroup)).ToArray();
        lock (_lock)
        {
            _frozen.AddRange(entries);
            Save();
        }

        return new Entry(this, entries);
    }

    /// <summary>
    /// The freezes a previous daemon recorded and did not undo. A file that is not a regular file of
    /// the daemon's own user, or that others may write, is ignored (it is not ours to trust).
    /// </summary>
    public IReadOnlyList<(string Hierarchy, CgroupPath Cgroup)> ReadLeftovers()
    {
        if (_path is null)
        {
            return [];
        }

        string text = JournalFile.ReadTrusted(_path);
        var leftovers = new List<(string, CgroupPath)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split('\t');
            if (parts.Length == 2 && CgroupPath.TryParse(parts[1], out var cgroup, out _))
            {
                leftovers.Add((parts[0], cgroup));
            }
        }

        return leftovers.Distinct().ToArray();
    }

    /// <summary>Forgets every leftover once they are thawed.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            Save();
        }
    }

    private void Forget((string, CgroupPath)[] entries)
    {
        lock (_lock)
        {
            foreach (var entry in entries)
            {
                _frozen.Remove(entry);
            }

            Save();
        }
    }

    /// <summary>Writes the list to a fresh file (O_EXCL: never through someone's link) and renames it over the journal.</summary>
    private void Save()
    {
        if (_path is null)
        {
            return;
        }

        if (_frozen.Count == 0)
        {
            // Nothing frozen: no file at all, so a daemon at rest leaves its socket's folder as it found it.
            try
            {
                Sys.UnlinkAt(null, _path);
            }
            catch (LinuxException)
            {
                // There was none (ENOENT); any other failure leaves an old list that the next start re-checks.
            }

            return;
        }

        var text = new StringBuilder();
        foreach (var (hierarchy, cgroup) in _frozen)
        {
            text.Append(hierarchy).Append('\t').Append(cgroup.ToString()).Append('\n');
        }

        try
        {
            JournalFile.Replace(_path, text.ToString());
        }
        catch (LinuxException)
        {
            // Without the journal the freeze still works; only a crash during it would go unrepaired.
        }
    }

    private sealed class Entry(FreezeJournal journal, (string, CgroupPath)[] entries) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                journal.Forget(entries);
            }
        }
    }
}
