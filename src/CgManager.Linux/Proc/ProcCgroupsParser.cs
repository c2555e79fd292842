namespace CgManager.Linux.Proc;

/// <summary>
/// /proc/cgroups: a '#' header, then "subsys hierarchy num_cgroups enabled" rows
/// separated by tabs. Exactly four columns are required: a kernel that changed the
/// format should stop discovery loudly rather than have columns misread.
/// </summary>
internal static class ProcCgroupsParser
{
    private const string File = "/proc/cgroups";
    private const int Columns = 4;

    internal static IReadOnlyList<ProcCgroupsEntry> ParseAll(string text)
    {
        string[] lines = ProcText.Lines(text);
        var result = new List<ProcCgroupsEntry>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith('#'))
            {
                continue;
            }

            string[] f = ProcText.Fields(line);
            if (f.Length != Columns)
            {
                throw ProcText.Error(File, i, line, $"expected {Columns} columns (subsys_name hierarchy num_cgroups enabled), found {f.Length}");
            }

            if (!ProcText.TryParseInt32(f[1], out int hierarchy))
            {
                throw ProcText.Error(File, i, line, $"hierarchy \"{f[1]}\" is not a non-negative number");
            }

            if (!ProcText.TryParseInt32(f[2], out int count))
            {
                throw ProcText.Error(File, i, line, $"num_cgroups \"{f[2]}\" is not a non-negative number");
            }

            bool enabled = f[3] switch
            {
                "1" => true,
                "0" => false,
                _ => throw ProcText.Error(File, i, line, $"enabled \"{f[3]}\" is neither 0 nor 1"),
            };
            result.Add(new ProcCgroupsEntry(f[0], hierarchy, count, enabled));
        }

        return result;
    }
}
