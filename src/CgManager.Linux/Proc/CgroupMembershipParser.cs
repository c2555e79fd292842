namespace CgManager.Linux.Proc;

/// <summary>
/// /proc/PID/cgroup lines are "ID:list:path". The path is everything after the second
/// colon, because cgroup names may themselves contain ':'.
/// </summary>
internal static class CgroupMembershipParser
{
    private const string File = "/proc/PID/cgroup";

    internal static IReadOnlyList<CgroupMembership> ParseAll(string text)
    {
        string[] lines = ProcText.Lines(text);
        var result = new List<CgroupMembership>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            result.Add(ParseLine(lines[i], i));
        }

        return result;
    }

    private static CgroupMembership ParseLine(string line, int index)
    {
        int first = line.IndexOf(':', StringComparison.Ordinal);
        int second = first < 0 ? -1 : line.IndexOf(':', first + 1);
        if (second < 0)
        {
            throw ProcText.Error(File, index, line, "expected \"ID:controllers:path\"");
        }

        if (!ProcText.TryParseInt32(line.AsSpan(0, first), out int id))
        {
            throw ProcText.Error(File, index, line, $"hierarchy id \"{line[..first]}\" is not a non-negative number");
        }

        string list = line[(first + 1)..second];
        string path = line[(second + 1)..];

        // Hierarchy 0 is cgroup2, which has no controller list on this line; a v1 hierarchy
        // always names at least one controller or a name=.
        if (id == 0 && list.Length != 0)
        {
            throw ProcText.Error(File, index, line, "hierarchy 0 (cgroup2) must have an empty controller list");
        }

        if (id != 0 && list.Length == 0)
        {
            throw ProcText.Error(File, index, line, $"hierarchy {id} has an empty controller list");
        }

        string[] controllers = list.Length == 0 ? [] : list.Split(',');
        if (Array.IndexOf(controllers, string.Empty) >= 0)
        {
            throw ProcText.Error(File, index, line, "empty name in the controller list");
        }

        if (!path.StartsWith('/'))
        {
            throw ProcText.Error(File, index, line, "path does not start with '/'");
        }

        return new CgroupMembership(id, controllers, path);
    }
}
