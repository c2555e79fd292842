namespace CgManager.Linux.Proc;

/// <summary>
/// /proc/PID/fdinfo/FD is "key:\tvalue" lines whose set depends on what the fd is (pos, flags,
/// mnt_id and ino for every file; a pidfd adds Pid: and NSpid:, an inotify fd "inotify wd:..."
/// lines, and so on). Only the pidfd keys are read; every other line is skipped whatever its
/// shape, since it belongs to some other kind of file. The keys read must be well formed and
/// appear at most once.
/// </summary>
internal static class FdInfoParser
{
    private const string File = "/proc/PID/fdinfo/FD";

    internal static FdInfo Parse(string text)
    {
        string[] lines = ProcText.Lines(text);
        int? pid = null;
        int[]? nspid = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            ReadOnlySpan<char> value = line.AsSpan(colon + 1).Trim(" \t");
            switch (line.AsSpan(0, colon))
            {
                case "Pid":
                    if (pid is not null)
                    {
                        throw ProcText.Error(File, i, line, "Pid appears twice");
                    }

                    pid = PidValue(value, i, line);
                    break;
                case "NSpid":
                    if (nspid is not null)
                    {
                        throw ProcText.Error(File, i, line, "NSpid appears twice");
                    }

                    nspid = NSpidValue(value, i, line);
                    break;
                default:
                    break;
            }
        }

        return new FdInfo(pid, nspid ?? []);
    }

    /// <summary>The kernel writes -1 for a task that has exited and 0 for one outside the reader's pid namespace.</summary>
    private static int PidValue(ReadOnlySpan<char> value, int i, string line)
    {
        if (value is "-1")
        {
            return -1;
        }

        return ProcText.TryParseInt32(value, out int pid)
            ? pid
            : throw ProcText.Error(File, i, line, "Pid is not -1 or a non-negative decimal number");
    }

    private static int[] NSpidValue(ReadOnlySpan<char> value, int i, string line)
    {
        string[] fields = ProcText.Fields(value);
        var pids = new int[fields.Length];
        for (int f = 0; f < fields.Length; f++)
        {
            if (fields[f] == "-1")
            {
                pids[f] = -1;
            }
            else if (!ProcText.TryParseInt32(fields[f], out pids[f]))
            {
                throw ProcText.Error(File, i, line, $"NSpid entry '{fields[f]}' is not -1 or a non-negative decimal number");
            }
        }

        return pids;
    }
}
