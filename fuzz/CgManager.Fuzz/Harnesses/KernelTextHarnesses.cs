using System.Text;
using CgManager.Core.Operations;
using CgManager.Linux;
using CgManager.Linux.Proc;

namespace CgManager.Fuzz.Harnesses;

/// <summary>
/// Kernel text and records the daemon parses. A container's root controls much of it (its
/// mounts, its own cgroup names, its tasks' comm names in status), so it is input like any other.
/// Text is decoded as UTF-8, as Sys.ReadAllText does.
/// </summary>
internal static class KernelTextHarnesses
{
    public static IEnumerable<Harness> All =>
    [
        new("mountinfo",
            "/proc/PID/mountinfo text parses or raises FormatException; every entry has an absolute mount point and an fstype " +
            "(an empty root or source is legal: consumers parse Root as a cgroup path and skip what fails)",
            input => MountInfo(Text(input)), typeof(FormatException)),
        new("cgroup",
            "/proc/PID/cgroup text parses or raises FormatException; every membership has a path starting with '/'",
            input => Cgroup(Text(input)), typeof(FormatException)),
        new("status",
            "/proc/PID/status text parses or raises FormatException; a parsed status answers RealUid, RealGid, EffectiveUid and has NSpid/NStgid",
            input => Status(Text(input)), typeof(FormatException)),
        new("fdinfo",
            "/proc/self/fdinfo/FD text parses or raises FormatException; a pidfd's Pid is -1 or more, and so is each NSpid entry",
            input => FdInfoText(Text(input)), typeof(FormatException)),
        new("idmap",
            "uid_map/gid_map text parses or raises FormatException; in a parsed map every id that maps maps back to itself",
            input => IdMapText(Text(input)), typeof(FormatException)),
        new("proc-cgroups",
            "/proc/cgroups text parses or raises FormatException",
            input => ProcCgroupsEntry.ParseAll(Text(input)), typeof(FormatException)),
        new("pids",
            "cgroup.procs/tasks text never makes the pid list parser throw, and every pid it returns is non-negative",
            input => Pids(Text(input))),
        new("inotify",
            "a buffer read from an inotify fd decodes or raises FormatException",
            input => InotifyEvent.ParseAll(input), typeof(FormatException)),
        new("dirents",
            "a getdents64 buffer decodes or raises FormatException; '.' and '..' never come out",
            Dirents, typeof(FormatException)),
    ];

    private static string Text(ReadOnlySpan<byte> input) => Encoding.UTF8.GetString(input);

    private static void MountInfo(string text)
    {
        foreach (MountInfoEntry entry in MountInfoEntry.ParseAll(text))
        {
            FuzzAssertionException.Check(entry.MountPoint.StartsWith('/') && entry.FsType.Length > 0, $"mount point not absolute or fstype empty in {entry}");
        }
    }

    private static void Cgroup(string text)
    {
        foreach (CgroupMembership membership in CgroupMembership.ParseAll(text))
        {
            FuzzAssertionException.Check(membership.Path.StartsWith('/'), $"path '{membership.Path}' is not absolute");
        }
    }

    private static void Status(string text)
    {
        ProcStatus status = ProcStatus.Parse(text);
        _ = status.RealUid + status.RealGid + status.EffectiveUid;
        FuzzAssertionException.Check(status.NSpid.Count > 0 && status.NStgid.Count > 0, "a parsed status without NSpid/NStgid");
    }

    private static void FdInfoText(string text)
    {
        FdInfo info = FdInfo.Parse(text);
        FuzzAssertionException.Check(info.Pid is null or >= -1, $"pid {info.Pid} below -1");
        FuzzAssertionException.Check(info.NSpid.All(p => p >= -1), "an NSpid entry below -1");
    }

    private static void IdMapText(string text)
    {
        IdMap map = IdMap.Parse(text);
        foreach (uint id in (uint[])[0, 1, 1000, 65534, 65535, 65536, 100000, uint.MaxValue - 1, uint.MaxValue])
        {
            // The ranges may not overlap on either side, so a mapping must come back to where it started.
            if (map.TryMapToOutside(id, out uint host))
            {
                FuzzAssertionException.Check(map.TryMapToInside(host, out uint back) && back == id, $"inside {id} -> host {host} does not map back");
            }

            if (map.TryMapToInside(id, out uint inside))
            {
                FuzzAssertionException.Check(map.TryMapToOutside(inside, out uint back) && back == id, $"host {id} -> inside {inside} does not map back");
            }
        }
    }

    private static void Pids(string text)
    {
        foreach (int pid in CgroupTasks.ParsePids(text))
        {
            FuzzAssertionException.Check(pid >= 0, $"pid {pid}");
        }
    }

    private static void Dirents(ReadOnlySpan<byte> input)
    {
        var entries = new List<DirectoryEntry>();
        Sys.ParseDirents(input, entries);
        FuzzAssertionException.Check(entries.TrueForAll(e => e.Name is not ("." or "..")), "'.' or '..' listed");
    }
}
