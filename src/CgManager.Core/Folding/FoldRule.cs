namespace CgManager.Core.Folding;

/// <summary>How a method treats per-hierarchy failures in list and <c>all</c> mode (spec §2.2 table).</summary>
/// <param name="SkipsPermissionClass">Permission-class failures are skipped silently in list mode.</param>
/// <param name="ContinuesAfterFailure">Every hierarchy is attempted; the call fails at the end if any failed (MovePid).</param>
/// <param name="ListAlwaysSucceeds">In list mode failures are only logged and the call succeeds (Prune).</param>
public readonly record struct FoldRule(bool SkipsPermissionClass, bool ContinuesAfterFailure, bool ListAlwaysSucceeds)
{
    /// <summary>The rule of <paramref name="method"/>; single-hierarchy methods have no list mode.</summary>
    public static FoldRule For(CgMethod method) => method switch
    {
        CgMethod.Create or CgMethod.Chown or CgMethod.Chmod or CgMethod.Remove or CgMethod.RemoveOnEmpty
            or CgMethod.GetTasksRecursive => new(SkipsPermissionClass: true, ContinuesAfterFailure: false, ListAlwaysSucceeds: false),
        CgMethod.MovePid or CgMethod.MovePidAbs => new(SkipsPermissionClass: false, ContinuesAfterFailure: true, ListAlwaysSucceeds: false),
        CgMethod.Prune => new(SkipsPermissionClass: true, ContinuesAfterFailure: true, ListAlwaysSucceeds: true),
        _ => new(SkipsPermissionClass: false, ContinuesAfterFailure: false, ListAlwaysSucceeds: false),
    };
}
