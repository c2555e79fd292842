using CgManager.Core.Hierarchies;
using CgManager.Core.Paths;
using CgManager.Linux;
using CgManager.Linux.Proc;

namespace CgManager.Core.Operations;

/// <summary>
/// Finds the hierarchies and gives the daemon its own handle on each. The daemon mounts every
/// hierarchy itself, detached (fsopen/fsmount): the mount is in no namespace, so nothing is visible
/// on the host or left behind, and — mounted inside the daemon's cgroup namespace — it shows exactly
/// the part of the hierarchy the daemon may manage. Hierarchy-wide settings are never touched.
/// </summary>
public sealed class HierarchyMounter
{
    private readonly ProcFs _proc;
    private readonly Action<string> _log;

    public HierarchyMounter(ProcFs proc, Action<string> log)
    {
        _proc = proc;
        _log = log;
    }

    /// <summary>Discovers, then mounts; a hierarchy that cannot be reached is dropped (and logged), so `all` keeps working.</summary>
    public (HierarchySet Set, IReadOnlyList<MountedHierarchy> Mounted) MountAll(DiscoveryOptions options)
    {
        var mounts = _proc.ReadSelfMountInfo();
        var facts = new DiscoveryFacts(mounts, _proc.ReadProcCgroups(), _proc.ReadSelfCgroups(), UnifiedControllers(mounts));
        var set = HierarchyDiscovery.Discover(facts, options);
        var mounted = new List<MountedHierarchy>();
        foreach (var hierarchy in set.Managed.ToArray())
        {
            bool requested = options.ExtraMounts.Any(hierarchy.Matches);
            if (hierarchy.MountPoint is null && !requested)
            {
                // A controller no one mounted: binding it would change every process's cgroups host-wide.
                _log($"{hierarchy.ListName}: not mounted on this host; pass -m {hierarchy.Representative} to manage it");
                set = set.Without(hierarchy);
                continue;
            }

            if (TryMount(hierarchy) is { } handle)
            {
                mounted.Add(handle);
            }
            else
            {
                set = set.Without(hierarchy);
            }
        }

        // The set was rebuilt as hierarchies were dropped; match the handles to its members.
        return (set, mounted);
    }

    private MountedHierarchy? TryMount(Hierarchy hierarchy)
    {
        try
        {
            var fd = hierarchy.IsUnified
                ? Sys.MountDetached("cgroup2", [], [], "cgroup2")
                : Sys.MountDetached("cgroup", V1Flags(hierarchy), V1Strings(hierarchy), $"cgroup ({hierarchy.ListName})");
            return new MountedHierarchy(hierarchy, new CgroupDirectory(fd, $"[{hierarchy.ListName}]"), CgroupPath.Root, isDetached: true);
        }
        catch (LinuxException e) when (hierarchy.MountPoint is not null)
        {
            _log($"{hierarchy.ListName}: cannot mount it privately ({e.Message}); using the host's mount at {hierarchy.MountPoint}");
            try
            {
                return new MountedHierarchy(hierarchy, CgroupDirectory.Open(hierarchy.MountPoint), hierarchy.MountRoot, isDetached: false);
            }
            catch (LinuxException e2)
            {
                _log($"{hierarchy.ListName}: cannot open {hierarchy.MountPoint} ({e2.Message}); not managed");
                return null;
            }
        }
        catch (LinuxException e)
        {
            _log($"{hierarchy.ListName}: cannot mount it ({e.Message}); not managed");
            return null;
        }
    }

    private static IEnumerable<string> V1Flags(Hierarchy hierarchy) =>
        hierarchy.Controllers.Count > 0 ? hierarchy.Controllers : ["none"];

    private static IEnumerable<KeyValuePair<string, string>> V1Strings(Hierarchy hierarchy) =>
        hierarchy.Name is { } name ? [new("name", name)] : [];

    /// <summary>cgroup2's controllers are not in its mount options: read them from its root's cgroup.controllers.</summary>
    private static string[] UnifiedControllers(IReadOnlyList<MountInfoEntry> mounts)
    {
        var mount = mounts.FirstOrDefault(m => m.FsType == "cgroup2");
        if (mount is null)
        {
            return [];
        }

        try
        {
            using var root = CgroupDirectory.Open(mount.MountPoint);
            return root.ReadAllText("cgroup.controllers").Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        }
        catch (LinuxException)
        {
            return [];
        }
    }
}
