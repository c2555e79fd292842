using CgManager.Core.Errors;
using CgManager.Core.Operations;

namespace CgManager.Core.Folding;

/// <summary>
/// Folds per-hierarchy outcomes into the method's overall result (spec §2.2, §3.5, §3.11, §3.13, §11.4).
/// With a single name (not list mode) the one outcome is the result, permission-class failures included.
/// </summary>
public static class MultiControllerFold
{
    /// <summary>
    /// Whether the daemon goes on to the next hierarchy after <paramref name="outcome"/>: always after success;
    /// after a skipped permission-class failure in list mode; after any failure for MovePid(Abs) and list-mode
    /// Prune; otherwise it stops (tokens already done stay done).
    /// </summary>
    public static bool ShouldContinue<T>(CgMethod method, bool isListMode, TokenOutcome<T> outcome)
    {
        if (outcome.IsOk)
        {
            return true;
        }

        FoldRule rule = FoldRule.For(method);
        return (isListMode && rule.SkipsPermissionClass && outcome.Kind == TokenOutcomeKind.PermissionClassFailure)
            || rule.ContinuesAfterFailure;
    }

    /// <summary>
    /// The successful values, in order, or the failure: the first unskipped failure, or for MovePid(Abs) all of
    /// them joined (kind of the first). Prune in list mode always succeeds.
    /// </summary>
    /// <exception cref="CgException">The request failed; the detail names the hierarchy.</exception>
    public static IReadOnlyList<T> Values<T>(CgMethod method, bool isListMode, IReadOnlyList<TokenOutcome<T>> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        FoldRule rule = FoldRule.For(method);
        var values = new List<T>();
        var failures = new List<TokenOutcome<T>>();
        foreach (TokenOutcome<T> outcome in outcomes)
        {
            if (outcome.IsOk)
            {
                values.Add(outcome.Value!);
                continue;
            }

            if (isListMode && (rule.ListAlwaysSucceeds
                || (rule.SkipsPermissionClass && outcome.Kind == TokenOutcomeKind.PermissionClassFailure)))
            {
                continue;
            }

            failures.Add(outcome);
            if (!rule.ContinuesAfterFailure)
            {
                break;
            }
        }

        if (failures.Count == 1)
        {
            throw failures[0].Error!.WithContext(failures[0].Hierarchy);
        }

        if (failures.Count > 1)
        {
            throw new CgException(failures[0].Error!.Kind,
                string.Join("; ", failures.Select(f => $"{f.Hierarchy}: {f.Error!.Message}")));
        }

        return values;
    }

    /// <summary>Chown, Chmod, MovePid, MovePidAbs, RemoveOnEmpty, Prune: success or the failure.</summary>
    /// <exception cref="CgException">The request failed.</exception>
    public static void Unit<T>(CgMethod method, bool isListMode, IReadOnlyList<TokenOutcome<T>> outcomes) =>
        Values(method, isListMode, outcomes);

    /// <summary>
    /// Create: Existed if any processed hierarchy reported that the cgroup already existed, otherwise Created
    /// (also when list mode skipped every hierarchy); the compat edge encodes them as <c>existed</c> 1 and -1, never 0 (§3.5).
    /// </summary>
    /// <exception cref="CgException">The request failed.</exception>
    public static CreateOutcome Create(bool isListMode, IReadOnlyList<TokenOutcome<bool>> existedPerHierarchy) =>
        Values(CgMethod.Create, isListMode, existedPerHierarchy).Any(existed => existed) ? CreateOutcome.Existed : CreateOutcome.Created;

    /// <summary>
    /// Remove: Removed if the cgroup existed (and was removed) in any hierarchy, Absent if it existed in
    /// none (§11.4: the reference always said 1 for lists); on the compat wire 1 and -1.
    /// </summary>
    /// <exception cref="CgException">The request failed.</exception>
    public static RemoveOutcome Remove(bool isListMode, IReadOnlyList<TokenOutcome<bool>> existedPerHierarchy) =>
        Values(CgMethod.Remove, isListMode, existedPerHierarchy).Any(existed => existed) ? RemoveOutcome.Removed : RemoveOutcome.Absent;

    /// <summary>GetTasksRecursive: the union of every hierarchy's task ids, sorted ascending, without duplicates (§3.13).</summary>
    /// <exception cref="CgException">The request failed.</exception>
    public static IReadOnlyList<int> GetTasksRecursive(bool isListMode, IReadOnlyList<TokenOutcome<IReadOnlyList<int>>> tasksPerHierarchy) =>
        Values(CgMethod.GetTasksRecursive, isListMode, tasksPerHierarchy).SelectMany(t => t).Distinct().Order().ToArray();
}
