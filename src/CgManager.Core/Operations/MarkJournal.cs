using System.Text;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>
/// The cgroups marked with RemoveOnEmpty, kept in a file so that a daemon killed and started again
/// still removes what its callers were told would go. Append-only ("+ TAB hierarchy TAB cgroup" when
/// marked, "- ..." when removed or forgotten), so a mark costs one small write however many there
/// are; compacted (a fresh file renamed over the old) when a daemon starts. A torn last line after a
/// crash is ignored.
/// </summary>
public sealed class MarkJournal : IDisposable
{
    private const uint FileMode = 0x180; // 0600

    private readonly Lock _lock = new();
    private readonly SafeFd? _file;

    private MarkJournal(SafeFd? file, IReadOnlyList<(string Hierarchy, CgroupPath Cgroup)> leftovers)
    {
        _file = file;
        Leftovers = leftovers;
    }

    /// <summary>The marks a previous daemon recorded and had not removed.</summary>
    public IReadOnlyList<(string Hierarchy, CgroupPath Cgroup)> Leftovers { get; }

    /// <summary>A journal that keeps nothing (no path configured).</summary>
    public static MarkJournal None { get; } = new(null, []);

    /// <summary>Reads what a previous daemon left, compacts it, and opens the file for appending.</summary>
    public static MarkJournal Open(string? path)
    {
        if (path is null)
        {
            return None;
        }

        var live = Replay(JournalFile.ReadTrusted(path));
        var text = new StringBuilder();
        foreach (var (hierarchy, cgroup) in live)
        {
            text.Append(Line('+', hierarchy, cgroup));
        }

        try
        {
            JournalFile.Replace(path, text.ToString());
            return new MarkJournal(Sys.Open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_NOFOLLOW, FileMode), live);
        }
        catch (LinuxException)
        {
            return new MarkJournal(null, live); // without the journal marks still work; only a crash forgets them
        }
    }

    public void Marked(MountedHierarchy hierarchy, CgroupPath cgroup) => Append(Line('+', hierarchy.Name, cgroup));

    public void Forgotten(MountedHierarchy hierarchy, CgroupPath cgroup) => Append(Line('-', hierarchy.Name, cgroup));

    public void Dispose() => _file?.Dispose();

    private void Append(string line)
    {
        if (_file is null)
        {
            return;
        }

        lock (_lock)
        {
            try
            {
                Sys.WriteText(_file, line);
            }
            catch (LinuxException)
            {
                // A full disk loses the crash safety of this mark, not the mark.
            }
        }
    }

    private static string Line(char op, string hierarchy, CgroupPath cgroup) => $"{op}\t{hierarchy}\t{cgroup}\n";

    /// <summary>The marks still standing after every line, in the order first marked.</summary>
    internal static List<(string Hierarchy, CgroupPath Cgroup)> Replay(string text)
    {
        var live = new List<(string, CgroupPath)>();
        string[] lines = text.Split('\n');
        // The last piece has no newline: empty, or a line torn by a crash (possibly a valid but shorter path).
        foreach (var line in lines[..^1])
        {
            string[] parts = line.Split('\t');
            if (parts.Length != 3 || parts[0] is not ("+" or "-") || !CgroupPath.TryParse(parts[2], out var cgroup, out _))
            {
                continue; // empty, torn or foreign
            }

            var entry = (parts[1], cgroup);
            live.Remove(entry);
            if (parts[0] == "+")
            {
                live.Add(entry);
            }
        }

        return live;
    }
}
