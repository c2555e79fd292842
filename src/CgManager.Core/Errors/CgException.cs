namespace CgManager.Core.Errors;

/// <summary>
/// A request failure the daemon reports to the client. <see cref="Exception.Message"/> is
/// "reason: detail" where the reason is fixed per <see cref="Kind"/> (spec §11.1).
/// </summary>
public sealed class CgException : Exception
{
    public CgException(CgErrorKind kind, string detail)
        : base(CgErrorReasons.Format(kind, detail))
    {
        Kind = kind;
        Detail = detail;
    }

    public CgException(CgErrorKind kind, string detail, Exception innerException)
        : base(CgErrorReasons.Format(kind, detail), innerException)
    {
        Kind = kind;
        Detail = detail;
    }

    public CgException()
        : this(CgErrorKind.Failed, "unspecified failure")
    {
    }

    public CgException(string message)
        : this(CgErrorKind.Failed, message)
    {
    }

    public CgException(string message, Exception innerException)
        : this(CgErrorKind.Failed, message, innerException)
    {
    }

    /// <summary>Why the request failed.</summary>
    public CgErrorKind Kind { get; }

    /// <summary>The message without the reason prefix: which cgroup, controller, and why.</summary>
    public string Detail { get; }

    /// <summary>A copy of this failure whose detail is prefixed, e.g. with the controller it happened in.</summary>
    public CgException WithContext(string context) => new(Kind, $"{context}: {Detail}", this);
}
