using CgManager.Linux.Proc;

namespace CgManager.Core.Tests.Fixtures;

/// <summary>
/// Minimal test-only readers of literal /proc text into the Linux layer's records, so that layouts can be
/// written as the kernel prints them. (The real parsers live in CgManager.Linux and are tested there.)
/// </summary>
public static class ProcText
{
    public static IReadOnlyList<MountInfoEntry> MountInfo(string text) => Lines(text).Select(line =>
    {
        string[] halves = line.Split(" - ");
        string[] left = halves[0].Split(' ');
        string[] right = halves[1].Split(' ');
        return new MountInfoEntry(int.Parse(left[0]), int.Parse(left[1]), left[2], left[3], left[4], left[5],
            left.Skip(6).ToArray(), right[0], right[1], right[2]);
    }).ToArray();

    public static IReadOnlyList<ProcCgroupsEntry> ProcCgroups(string text) => Lines(text)
        .Where(line => !line.StartsWith('#'))
        .Select(line => line.Split('\t', ' '))
        .Select(f => new ProcCgroupsEntry(f[0], int.Parse(f[1]), int.Parse(f[2]), f[3] == "1"))
        .ToArray();

    public static IReadOnlyList<CgroupMembership> Cgroup(string text) => Lines(text).Select(line =>
    {
        string[] f = line.Split(':', 3);
        return new CgroupMembership(int.Parse(f[0]), f[1].Length == 0 ? [] : f[1].Split(','), f[2]);
    }).ToArray();

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
}
