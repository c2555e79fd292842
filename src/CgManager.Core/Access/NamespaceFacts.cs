namespace CgManager.Core.Access;

/// <summary>
/// Whether a task shares the daemon's namespaces (spec §2.8: compared by ns inode). A daemon on a kernel
/// without the ns links reports "same" for both, as the reference does.
/// </summary>
public readonly record struct NamespaceFacts(bool SamePidNamespace, bool SameUserNamespace)
{
    /// <summary>Both namespaces are the daemon's.</summary>
    public static NamespaceFacts Host => new(true, true);
}
