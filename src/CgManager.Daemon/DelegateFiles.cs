namespace CgManager.Daemon;

/// <summary>The files the kernel says a v2 delegation gives away (/sys/kernel/cgroup/delegate).</summary>
internal static class DelegateFiles
{
    private const string Path = "/sys/kernel/cgroup/delegate";

    public static IReadOnlyList<string> Read()
    {
        try
        {
            return File.ReadAllLines(Path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.Contains('/', StringComparison.Ordinal)).ToArray();
        }
        catch (IOException)
        {
            return ["cgroup.procs", "cgroup.threads", "cgroup.subtree_control"];
        }
    }
}
