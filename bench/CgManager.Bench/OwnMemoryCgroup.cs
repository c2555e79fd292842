using CgManager.Linux;
using CgManager.Linux.Proc;

namespace CgManager.Bench;

/// <summary>
/// The host directory of this process's memory cgroup, from /proc/self/cgroup mapped through
/// /proc/self/mountinfo. Inside the sandbox that is the sandbox itself, which this run created:
/// the only cgroup the floor cycle writes to (its cgroup.procs) or creates children in.
/// </summary>
internal static class OwnMemoryCgroup
{
    public const string Controller = "memory";

    /// <summary>The directory; throws unless it is a cgroupfs directory named exactly <paramref name="sandbox"/>.</summary>
    public static string Find(string sandbox)
    {
        var proc = ProcFs.Default;
        var membership = proc.ReadSelfCgroups().FirstOrDefault(m => m.HierarchyId != 0 && m.Controllers.Contains(Controller))
            ?? throw new BenchException("this process has no v1 memory cgroup (the benchmark's cycle uses the memory controller)");
        foreach (var mount in proc.ReadSelfMountInfo())
        {
            if (mount.FsType != "cgroup" || !mount.SuperOptions.Split(',').Contains(Controller))
            {
                continue;
            }

            string path = membership.Path;
            string root = mount.Root.TrimEnd('/');
            if (root.Length > 0 && path != root && !path.StartsWith(root + "/", StringComparison.Ordinal))
            {
                continue;
            }

            string directory = mount.MountPoint.TrimEnd('/') + path[root.Length..];
            Check(directory, sandbox);
            return directory;
        }

        throw new BenchException($"no visible mount shows memory cgroup {membership.Path}");
    }

    private static void Check(string directory, string sandbox)
    {
        if (Path.GetFileName(directory) != sandbox)
        {
            throw new BenchException($"refusing to use {directory}: this process is not at the root of sandbox {sandbox}");
        }

        if (!Directory.Exists(directory) || Sys.StatFsType(directory) != FsMagic.CGROUP_SUPER_MAGIC)
        {
            throw new BenchException($"{directory} is not a directory on a v1 cgroup filesystem");
        }
    }
}
