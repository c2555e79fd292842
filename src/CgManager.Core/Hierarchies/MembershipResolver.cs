using CgManager.Core.Errors;
using CgManager.Core.Paths;
using CgManager.Linux.Proc;

namespace CgManager.Core.Hierarchies;

/// <summary>A task's cgroup in one hierarchy, from its /proc/PID/cgroup lines (spec §2.4).</summary>
public static class MembershipResolver
{
    /// <summary>The v2 leaf directory of the 0.42 scheme; a task in <c>X/.cgm_leaf</c> counts as in X (§3.19).</summary>
    public const string LeafName = ".cgm_leaf";

    /// <summary>
    /// Finds the cgroup: for v1, the first line of a non-zero hierarchy whose list names one of the hierarchy's
    /// controllers or its <c>name=X</c>; for the unified hierarchy, the <c>0::</c> line, with a final
    /// <c>.cgm_leaf</c> component dropped.
    /// </summary>
    /// <returns>False (with the reason) if no line matches or the path is not a plain path from this
    /// namespace's root (a task outside the reader's cgroup namespace shows <c>/..</c>).</returns>
    public static bool TryFind(IReadOnlyList<CgroupMembership> lines, Hierarchy hierarchy, out CgroupPath cgroup, out string? error) =>
        TryFindIn(lines, hierarchy, dropLeaf: true, out cgroup, out error);

    /// <summary>The directory the task is in, as the kernel says (a v2 leaf kept): where a move is undone to.</summary>
    /// <exception cref="CgException">NoSuchCgroup: "task PID: reason".</exception>
    public static CgroupPath FindExact(IReadOnlyList<CgroupMembership> lines, Hierarchy hierarchy, int pid) =>
        TryFindIn(lines, hierarchy, dropLeaf: false, out CgroupPath cgroup, out string? error)
            ? cgroup
            : throw new CgException(CgErrorKind.NoSuchCgroup, $"task {pid}: {error}");

    private static bool TryFindIn(IReadOnlyList<CgroupMembership> lines, Hierarchy hierarchy, bool dropLeaf, out CgroupPath cgroup, out string? error)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(hierarchy);
        cgroup = CgroupPath.Root;
        CgroupMembership? line = lines.FirstOrDefault(l => IsLineOf(l, hierarchy));
        if (line is null)
        {
            error = $"no cgroup line for the {hierarchy.ListName} hierarchy";
            return false;
        }

        if (!CgroupPath.TryParse(line.Path, out CgroupPath path, out string? parseError))
        {
            error = line.Path.Contains("..", StringComparison.Ordinal)
                ? $"its {hierarchy.ListName} cgroup '{line.Path}' lies outside the daemon's cgroup namespace"
                : $"its {hierarchy.ListName} cgroup is unusable: {parseError}";
            return false;
        }

        if (dropLeaf && hierarchy.IsUnified && path.Name == LeafName)
        {
            path = path.Parent;
        }

        cgroup = path;
        error = null;
        return true;
    }

    /// <summary>As <see cref="TryFind"/>, throwing.</summary>
    /// <exception cref="CgException">NoSuchCgroup: "task PID: reason".</exception>
    public static CgroupPath Find(IReadOnlyList<CgroupMembership> lines, Hierarchy hierarchy, int pid) =>
        TryFind(lines, hierarchy, out CgroupPath cgroup, out string? error)
            ? cgroup
            : throw new CgException(CgErrorKind.NoSuchCgroup, $"task {pid}: {error}");

    private static bool IsLineOf(CgroupMembership line, Hierarchy hierarchy)
    {
        if (hierarchy.IsUnified)
        {
            return line.HierarchyId == 0;
        }

        return line.HierarchyId != 0 && line.Controllers.Any(token =>
            hierarchy.Controllers.Contains(token, StringComparer.Ordinal)
            || (hierarchy.Name is not null && token == Hierarchy.NamePrefix + hierarchy.Name));
    }
}
