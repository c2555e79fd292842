namespace CgManager.Contract;

/// <summary>The stable, machine-friendly reason prefix that starts every error message (spec §11.1).</summary>
public static class CgErrorReasons
{
    /// <summary>The reason text for <paramref name="kind"/>, without the trailing colon, e.g. "permission denied".</summary>
    public static string Of(CgErrorKind kind) => kind switch
    {
        CgErrorKind.PermissionDenied => "permission denied",
        CgErrorKind.NoSuchCgroup => "no such cgroup",
        CgErrorKind.InvalidCgroupName => "invalid cgroup name",
        CgErrorKind.InvalidKey => "invalid key",
        CgErrorKind.InvalidController => "invalid controller",
        CgErrorKind.NotSupported => "not supported",
        CgErrorKind.Busy => "busy",
        CgErrorKind.InvalidArgument => "invalid argument",
        CgErrorKind.Namespace => "namespace",
        CgErrorKind.NoSuchProcess => "no such process",
        CgErrorKind.Failed => "failed",
        CgErrorKind.RestoreFailed => "restore failed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown error kind"),
    };

    /// <summary>The full message: "reason: detail".</summary>
    public static string Format(CgErrorKind kind, string detail) => $"{Of(kind)}: {detail}";

    /// <summary>The kind whose reason starts <paramref name="message"/> ("reason: ..."), or null if none does.</summary>
    /// <param name="message">An error message as the daemon sends it.</param>
    /// <returns>The kind, or null.</returns>
    public static CgErrorKind? Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var kind in Enum.GetValues<CgErrorKind>())
        {
            string reason = Of(kind);
            if (message.Length > reason.Length && message.StartsWith(reason, StringComparison.Ordinal) && message[reason.Length] == ':')
            {
                return kind;
            }
        }

        return null;
    }
}
