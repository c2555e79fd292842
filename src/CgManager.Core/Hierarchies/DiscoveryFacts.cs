using CgManager.Linux.Proc;

namespace CgManager.Core.Hierarchies;

/// <summary>What the daemon read at startup, for <see cref="HierarchyDiscovery.Discover"/>.</summary>
/// <param name="Mounts">/proc/self/mountinfo.</param>
/// <param name="ProcCgroups">/proc/cgroups.</param>
/// <param name="DaemonMembership">/proc/self/cgroup.</param>
/// <param name="UnifiedControllers">
/// The words of <c>cgroup.controllers</c> at the root of the cgroup2 mount (empty if there is none): the mount
/// options of cgroup2 do not list its controllers.
/// </param>
public sealed record DiscoveryFacts(
    IReadOnlyList<MountInfoEntry> Mounts,
    IReadOnlyList<ProcCgroupsEntry> ProcCgroups,
    IReadOnlyList<CgroupMembership> DaemonMembership,
    IReadOnlyList<string> UnifiedControllers);
