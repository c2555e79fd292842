namespace CgManager.Core.Hierarchies;

/// <summary>
/// The hierarchies a controller argument selects, in request order, each once.
/// </summary>
/// <param name="Hierarchies">The selected hierarchies (empty only for <c>all</c> when nothing is managed).</param>
/// <param name="IsListMode">
/// True for a comma list or <c>all</c>: per-hierarchy permission-class failures are then skipped (spec §2.2).
/// A single name returns its per-hierarchy result directly.
/// </param>
public sealed record ControllerSelection(IReadOnlyList<Hierarchy> Hierarchies, bool IsListMode);
