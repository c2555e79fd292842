using CgManager.Core.Paths;
using CgManager.Linux.Proc;

namespace CgManager.Core.Hierarchies;

/// <summary>
/// Works out the hierarchies from startup facts (spec §6.3, adapted: the daemon uses premounted hierarchies where
/// they are, and mounts only what is missing).
/// </summary>
public static class HierarchyDiscovery
{
    /// <summary>
    /// Discovery, in order:
    /// <list type="number">
    /// <item>Each v1 mount (fs type <c>cgroup</c>) gives a hierarchy whose controllers are the super options that
    /// are kernel controllers, plus its <c>name=X</c>. Several mounts of one hierarchy (bind mounts) keep the one
    /// showing the highest cgroup (shortest mountinfo root), then the first listed.</item>
    /// <item>The cgroup2 mount gives the unified hierarchy, with <see cref="DiscoveryFacts.UnifiedControllers"/>.
    /// Without one, a <c>0::</c> line in the daemon's /proc/self/cgroup still records it, to be mounted fresh.</item>
    /// <item><c>-m</c> tokens not on a hierarchy yet become fresh hierarchies (<c>name=X</c> a named one).</item>
    /// <item>Enabled /proc/cgroups controllers on no hierarchy become fresh hierarchies, grouped by their
    /// /proc/cgroups hierarchy number (so an unseen <c>cpu,cpuacct</c> co-mount is re-attached whole);
    /// <c>blkio</c> is left out when <c>io</c> is unified. This happens only on legacy and hybrid hosts (some v1
    /// mount carries a kernel controller): on a v2-only host the controllers v2 does not offer are left alone.</item>
    /// <item><c>-M</c> moves every hierarchy a token names (by any member) to the skipped list.</item>
    /// </list>
    /// </summary>
    public static HierarchySet Discover(DiscoveryFacts facts, DiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        var known = new HashSet<string>(KnownControllers.Names, StringComparer.Ordinal);
        known.UnionWith(facts.ProcCgroups.Select(row => row.Subsystem));

        var hierarchies = new List<Hierarchy>(FromV1Mounts(facts.Mounts, known));
        bool legacyLayout = hierarchies.Any(h => h.Controllers.Count > 0);
        if (FromV2Mount(facts) is { } unified)
        {
            hierarchies.Add(unified);
        }

        AddExtras(hierarchies, options.ExtraMounts);
        if (legacyLayout)
        {
            AddUnbound(hierarchies, facts.ProcCgroups);
        }

        var skipped = hierarchies.Where(h => options.Skip.Any(h.Matches)).ToList();
        return new HierarchySet(hierarchies.Except(skipped), skipped);
    }

    private static IEnumerable<Hierarchy> FromV1Mounts(IReadOnlyList<MountInfoEntry> mounts, HashSet<string> known)
    {
        var byKey = new Dictionary<string, (Hierarchy Hierarchy, int Order)>(StringComparer.Ordinal);
        int order = 0;
        foreach (MountInfoEntry mount in mounts.Where(m => m.FsType == "cgroup"))
        {
            string[] options = mount.SuperOptions.Split(',', StringSplitOptions.RemoveEmptyEntries);
            string[] controllers = options.Where(known.Contains).ToArray();
            string? name = options.FirstOrDefault(o => o.StartsWith(Hierarchy.NamePrefix, StringComparison.Ordinal))?[Hierarchy.NamePrefix.Length..];
            if ((controllers.Length == 0 && string.IsNullOrEmpty(name))
                || !CgroupPath.TryParse(mount.Root, out CgroupPath root, out _))
            {
                continue;
            }

            var candidate = new Hierarchy(controllers, string.IsNullOrEmpty(name) ? null : name, isUnified: false, mount.MountPoint, root, isPremounted: true);
            if (!byKey.TryGetValue(candidate.ListName, out var existing) || root.Depth < existing.Hierarchy.MountRoot.Depth)
            {
                byKey[candidate.ListName] = (candidate, existing.Hierarchy is null ? order++ : existing.Order);
            }
        }

        return byKey.Values.OrderBy(v => v.Order).Select(v => v.Hierarchy);
    }

    private static Hierarchy? FromV2Mount(DiscoveryFacts facts)
    {
        Hierarchy? best = null;
        foreach (MountInfoEntry mount in facts.Mounts.Where(m => m.FsType == "cgroup2"))
        {
            if (CgroupPath.TryParse(mount.Root, out CgroupPath root, out _) && (best is null || root.Depth < best.MountRoot.Depth))
            {
                best = new Hierarchy(facts.UnifiedControllers, null, isUnified: true, mount.MountPoint, root, isPremounted: true);
            }
        }

        if (best is null && facts.DaemonMembership.Any(line => line.HierarchyId == 0))
        {
            best = new Hierarchy(facts.UnifiedControllers, null, isUnified: true, null, CgroupPath.Root, isPremounted: false);
        }

        return best;
    }

    private static void AddExtras(List<Hierarchy> hierarchies, IReadOnlyList<string> extras)
    {
        foreach (string token in extras)
        {
            if (token == Hierarchy.NamePrefix || hierarchies.Any(h => h.Matches(token)))
            {
                continue;
            }

            hierarchies.Add(token.StartsWith(Hierarchy.NamePrefix, StringComparison.Ordinal)
                ? new Hierarchy([], token[Hierarchy.NamePrefix.Length..], isUnified: false, null, CgroupPath.Root, isPremounted: false)
                : new Hierarchy([token], null, isUnified: false, null, CgroupPath.Root, isPremounted: false));
        }
    }

    private static void AddUnbound(List<Hierarchy> hierarchies, IReadOnlyList<ProcCgroupsEntry> rows)
    {
        bool ioUnified = hierarchies.Any(h => h.IsUnified && h.Controllers.Contains("io", StringComparer.Ordinal));
        var unbound = rows
            .Where(row => row.Enabled && !hierarchies.Any(h => h.Controllers.Contains(row.Subsystem, StringComparer.Ordinal)))
            .Where(row => !(ioUnified && row.Subsystem == "blkio"))
            .ToList();

        // Rows sharing a non-zero hierarchy number are co-mounted somewhere we cannot see: mount them together.
        foreach (var group in unbound.Where(row => row.Hierarchy != 0).GroupBy(row => row.Hierarchy))
        {
            hierarchies.Add(new Hierarchy(group.Select(row => row.Subsystem), null, isUnified: false, null, CgroupPath.Root, isPremounted: false));
        }

        foreach (ProcCgroupsEntry row in unbound.Where(row => row.Hierarchy == 0))
        {
            hierarchies.Add(new Hierarchy([row.Subsystem], null, isUnified: false, null, CgroupPath.Root, isPremounted: false));
        }
    }
}
