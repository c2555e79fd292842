using System.Diagnostics.CodeAnalysis;

namespace CgManager.Core.Hierarchies;

/// <summary>
/// The hierarchies the daemon knows: the managed ones, sorted by <see cref="Hierarchy.ListName"/>, and the
/// ones skipped with <c>-M</c> (kept only so that a request naming them gets a precise error).
/// </summary>
public sealed class HierarchySet
{
    public HierarchySet(IEnumerable<Hierarchy> managed, IEnumerable<Hierarchy> skipped)
    {
        ArgumentNullException.ThrowIfNull(managed);
        ArgumentNullException.ThrowIfNull(skipped);
        Managed = managed.OrderBy(h => h.ListName, StringComparer.Ordinal).ToArray();
        Skipped = skipped.OrderBy(h => h.ListName, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Managed hierarchies, sorted.</summary>
    public IReadOnlyList<Hierarchy> Managed { get; }

    /// <summary>Hierarchies left alone because of <c>-M</c>.</summary>
    public IReadOnlyList<Hierarchy> Skipped { get; }

    /// <summary>The unified hierarchy if it is managed.</summary>
    public Hierarchy? Unified => Managed.FirstOrDefault(h => h.IsUnified);

    /// <summary>Every managed hierarchy's name, the controller-less unified one as <c>unified</c> (logs, messages).</summary>
    public IReadOnlyList<string> ListNames() => Managed.Select(h => h.ListName).ToArray();

    /// <summary>
    /// What the compat ListControllers returns, as 0.42 did (spec §3.17): one entry per managed hierarchy that has
    /// controllers or a name. A unified hierarchy without controllers (a hybrid host's bare cgroup2 mount) is left
    /// out: 0.42 never listed it, and its clients check every listed name against <c>/proc/self/cgroup</c>, where
    /// <c>unified</c> appears nowhere (0.42's test23.sh: "Bad controller: unified"). The token still selects it.
    /// </summary>
    public IReadOnlyList<string> ListControllers() =>
        Managed.Where(h => !(h.IsUnified && h.Controllers.Count == 0)).Select(h => h.ListName).ToArray();

    /// <summary>What <c>all</c> expands to: one representative per managed hierarchy, sorted (spec §2.2).</summary>
    public IReadOnlyList<string> AllRepresentatives() => Managed.Select(h => h.Representative).ToArray();

    /// <summary>The managed hierarchy <paramref name="token"/> names, if any.</summary>
    public bool TryFind(string token, [NotNullWhen(true)] out Hierarchy? hierarchy)
    {
        hierarchy = Find(Managed, token);
        return hierarchy is not null;
    }

    /// <summary>The skipped hierarchy <paramref name="token"/> names, if any.</summary>
    public bool TryFindSkipped(string token, [NotNullWhen(true)] out Hierarchy? hierarchy)
    {
        hierarchy = Find(Skipped, token);
        return hierarchy is not null;
    }

    /// <summary>This set without <paramref name="failed"/>, e.g. after its mount failed (so <c>all</c> keeps working).</summary>
    public HierarchySet Without(Hierarchy failed) => new(Managed.Where(h => !ReferenceEquals(h, failed)), Skipped);

    /// <summary>This set with <paramref name="old"/> replaced, e.g. by <see cref="Hierarchy.WithFreshMount"/>.</summary>
    public HierarchySet Replace(Hierarchy old, Hierarchy replacement) =>
        new(Managed.Select(h => ReferenceEquals(h, old) ? replacement : h), Skipped);

    private static Hierarchy? Find(IReadOnlyList<Hierarchy> list, string token)
    {
        // A kernel controller name wins over a named hierarchy that happens to share it.
        return list.FirstOrDefault(h => h.Controllers.Contains(token, StringComparer.Ordinal))
            ?? list.FirstOrDefault(h => h.Matches(token));
    }
}
