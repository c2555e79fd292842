namespace CgManager.Linux.Proc;

/// <summary>
/// /proc/PID/status is "Key:\tvalue" lines. Only the keys that access decisions use are
/// read; unknown keys are skipped so that new kernels do not break us, but the keys we use
/// must be present exactly once and well formed.
/// </summary>
internal static class ProcStatusParser
{
    private const string File = "/proc/PID/status";

    // Uid: and Gid: carry real, effective, saved set and filesystem ids.
    private const int IdsPerLine = 4;

    internal static ProcStatus Parse(string text)
    {
        string[] lines = ProcText.Lines(text);
        int? tgid = null, ppid = null;
        uint[]? uids = null, gids = null;
        int[]? nspid = null, nstgid = null;

        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw ProcText.Error(File, i, line, "expected \"Key: value\"");
            }

            ReadOnlySpan<char> value = line.AsSpan(colon + 1);
            switch (line.AsSpan(0, colon))
            {
                case "Tgid":
                    Once(tgid, i, line);
                    tgid = SingleInt(value, i, line, allowZero: false);
                    break;
                case "PPid":
                    Once(ppid, i, line);
                    ppid = SingleInt(value, i, line, allowZero: true);
                    break;
                case "Uid":
                    Once(uids, i, line);
                    uids = Ids(value, i, line);
                    break;
                case "Gid":
                    Once(gids, i, line);
                    gids = Ids(value, i, line);
                    break;
                case "NSpid":
                    Once(nspid, i, line);
                    nspid = Pids(value, i, line);
                    break;
                case "NStgid":
                    Once(nstgid, i, line);
                    nstgid = Pids(value, i, line);
                    break;
                default:
                    break;
            }
        }

        int t = tgid ?? throw ProcText.Error(File, "no \"Tgid:\" line");
        int p = ppid ?? throw ProcText.Error(File, "no \"PPid:\" line");
        uint[] u = uids ?? throw ProcText.Error(File, "no \"Uid:\" line");
        uint[] g = gids ?? throw ProcText.Error(File, "no \"Gid:\" line");

        // Kernels before 4.1 have no NS* lines: the task then lives in one pid namespace only.
        return new ProcStatus(t, p, u, g, nspid ?? [t], nstgid ?? [t]);
    }

    private static void Once(object? previous, int index, string line)
    {
        if (previous is not null)
        {
            throw ProcText.Error(File, index, line, "key appears twice");
        }
    }

    private static int SingleInt(ReadOnlySpan<char> value, int index, string line, bool allowZero)
    {
        if (!ProcText.TryParseInt32(value.Trim(" \t"), out int n) || (n == 0 && !allowZero))
        {
            throw ProcText.Error(File, index, line, allowZero ? "expected one non-negative number" : "expected one positive number");
        }

        return n;
    }

    private static uint[] Ids(ReadOnlySpan<char> value, int index, string line)
    {
        string[] fields = ProcText.Fields(value);
        if (fields.Length != IdsPerLine)
        {
            throw ProcText.Error(File, index, line, $"expected {IdsPerLine} ids (real, effective, saved, filesystem), found {fields.Length}");
        }

        uint[] ids = new uint[IdsPerLine];
        for (int k = 0; k < IdsPerLine; k++)
        {
            if (!ProcText.TryParseUInt32(fields[k], out ids[k]))
            {
                throw ProcText.Error(File, index, line, $"id {k + 1} (\"{fields[k]}\") is not an unsigned 32-bit number");
            }
        }

        return ids;
    }

    private static int[] Pids(ReadOnlySpan<char> value, int index, string line)
    {
        string[] fields = ProcText.Fields(value);
        if (fields.Length == 0)
        {
            throw ProcText.Error(File, index, line, "expected at least one pid");
        }

        int[] pids = new int[fields.Length];
        for (int k = 0; k < fields.Length; k++)
        {
            if (!ProcText.TryParseInt32(fields[k], out pids[k]) || pids[k] == 0)
            {
                throw ProcText.Error(File, index, line, $"pid {k + 1} (\"{fields[k]}\") is not a positive number");
            }
        }

        return pids;
    }
}
