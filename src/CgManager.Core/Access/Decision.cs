using CgManager.Core.Errors;

namespace CgManager.Core.Access;

/// <summary>The answer of a policy function: allow, or a denial with its kind and a precise reason.</summary>
public readonly record struct Decision
{
    private Decision(bool isAllowed, CgErrorKind kind, string reason)
    {
        IsAllowed = isAllowed;
        Kind = kind;
        Reason = reason;
    }

    /// <summary>The request may go ahead.</summary>
    public static Decision Allow { get; } = new(true, default, string.Empty);

    public bool IsAllowed { get; }

    /// <summary>Why not, as an error kind (PermissionDenied, Namespace, Busy...); meaningless when allowed.</summary>
    public CgErrorKind Kind { get; }

    /// <summary>The detail: who may not do what to which cgroup, and why. Empty when allowed.</summary>
    public string Reason { get; }

    /// <summary>A denial of kind <paramref name="kind"/>.</summary>
    public static Decision Deny(CgErrorKind kind, string reason) => new(false, kind, reason);

    /// <summary>A PermissionDenied denial.</summary>
    public static Decision DenyPermission(string reason) => new(false, CgErrorKind.PermissionDenied, reason);

    /// <summary>Throws the denial as a <see cref="CgException"/>; does nothing when allowed.</summary>
    public void ThrowIfDenied()
    {
        if (!IsAllowed)
        {
            throw ToException();
        }
    }

    /// <summary>The denial as an exception, to throw or to fold into a per-hierarchy outcome.</summary>
    public CgException ToException() => IsAllowed
        ? throw new InvalidOperationException("an allowed decision has no exception")
        : new CgException(Kind, Reason);

    public override string ToString() => IsAllowed ? "allow" : CgErrorReasons.Format(Kind, Reason);
}
