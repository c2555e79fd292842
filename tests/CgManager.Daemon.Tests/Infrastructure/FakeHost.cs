using System.Globalization;

namespace CgManager.Daemon.Tests.Infrastructure;

/// <summary>
/// A temporary tree that stands in for the kernel: cgroupfs hierarchies as plain folders (a v1
/// memory hierarchy and a cgroup2 one with pids), and a /proc with the files the daemon reads
/// about itself and about its one client (<see cref="ClientPid"/>, in the daemon's namespaces, in
/// the root cgroup of each hierarchy). Nothing here needs root or touches a real cgroup.
/// </summary>
public sealed class FakeHost : IDisposable
{
    /// <summary>The pid the fake /proc gives the test's client (and the daemon: "self" links to it, so the namespaces match).</summary>
    public const int ClientPid = 4242;

    /// <summary>The uid (and gid) the test runs as: the client's too, so that it owns the tree as a caller owns its cgroups.</summary>
    public static readonly uint OwnUid = ReadOwnId("Uid:");

    public static readonly uint OwnGid = ReadOwnId("Gid:");

    public FakeHost()
    {
        Root = Directory.CreateTempSubdirectory("cgm-daemon-tests-").FullName;
        Proc = Path.Combine(Root, "proc");
        Memory = Path.Combine(Root, "cgroup", "memory");
        Unified = Path.Combine(Root, "cgroup", "unified");
        Directory.CreateDirectory(Memory);
        Directory.CreateDirectory(Unified);
        WriteCgroupFiles(Memory, unified: false);
        WriteCgroupFiles(Unified, unified: true);
        File.WriteAllText(Path.Combine(Unified, "cgroup.controllers"), "pids\n");

        string pid = Path.Combine(Proc, ClientPid.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(pid, "ns"));
        File.WriteAllText(Path.Combine(pid, "ns", "pid"), "");
        File.WriteAllText(Path.Combine(pid, "ns", "user"), "");
        File.WriteAllText(Path.Combine(pid, "status"), $"Name:\ttest\nTgid:\t{ClientPid}\nPPid:\t1\nUid:\t{OwnUid}\t{OwnUid}\t{OwnUid}\t{OwnUid}\nGid:\t{OwnGid}\t{OwnGid}\t{OwnGid}\t{OwnGid}\nNSpid:\t{ClientPid}\nNStgid:\t{ClientPid}\n");
        File.WriteAllText(Path.Combine(pid, "cgroup"), "4:memory:/\n0::/\n");
        File.WriteAllText(Path.Combine(pid, "mountinfo"),
            $"""
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            35 27 0:32 / {Memory} rw,relatime - cgroup cgroup rw,memory
            41 27 0:38 / {Unified} rw,relatime - cgroup2 cgroup2 rw

            """);
        File.CreateSymbolicLink(Path.Combine(Proc, "self"), ClientPid.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(Proc, "cgroups"), "#subsys_name\thierarchy\tnum_cgroups\tenabled\nmemory\t4\t1\t1\npids\t0\t1\t1\n");
    }

    public string Root { get; }

    public string Proc { get; }

    /// <summary>The v1 memory hierarchy's root folder.</summary>
    public string Memory { get; }

    /// <summary>The cgroup2 hierarchy's root folder.</summary>
    public string Unified { get; }

    /// <summary>The socket path the daemon is told (only its journals are written next to it).</summary>
    public string SocketPath => Path.Combine(Root, "sock");

    /// <summary>A cgroup folder with the files the kernel would show in it (the kernel makes them at mkdir; here the test does).</summary>
    public string MakeCgroup(string hierarchyRoot, string relative)
    {
        string dir = Path.Combine(hierarchyRoot, relative);
        Directory.CreateDirectory(dir);
        WriteCgroupFiles(dir, unified: hierarchyRoot == Unified);
        return dir;
    }

    public void Dispose()
    {
        // Folders the test made unreadable or replaced are removed as they are.
        Directory.Delete(Root, recursive: true);
    }

    private static uint ReadOwnId(string key)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return uint.Parse(line[key.Length..].Split('\t', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
    }

    private static void WriteCgroupFiles(string dir, bool unified)
    {
        File.WriteAllText(Path.Combine(dir, "cgroup.procs"), "");
        if (unified)
        {
            File.WriteAllText(Path.Combine(dir, "cgroup.events"), "populated 0\nfrozen 0\n");
            File.WriteAllText(Path.Combine(dir, "cgroup.subtree_control"), "");
            File.WriteAllText(Path.Combine(dir, "cgroup.freeze"), "0\n");
        }
        else
        {
            File.WriteAllText(Path.Combine(dir, "tasks"), "");
            File.WriteAllText(Path.Combine(dir, "memory.limit_in_bytes"), "9223372036854771712\n");
        }
    }
}
