using CgManager.Core.Errors;

namespace CgManager.Core.Folding;

/// <summary>How one hierarchy's part of a multi-controller request ended (spec §2.2).</summary>
public enum TokenOutcomeKind
{
    /// <summary>Done, with a value.</summary>
    Ok,

    /// <summary>A failure of the class that list and <c>all</c> requests skip silently (per method, §2.2 table).</summary>
    PermissionClassFailure,

    /// <summary>Any other failure.</summary>
    HardFailure,
}

/// <summary>One hierarchy's outcome; <see cref="Hierarchy"/> is its ListControllers name, for messages.</summary>
public readonly record struct TokenOutcome<T>(string Hierarchy, TokenOutcomeKind Kind, T? Value, CgException? Error)
{
    public bool IsOk => Kind == TokenOutcomeKind.Ok;
}

/// <summary>Factories for <see cref="TokenOutcome{T}"/>.</summary>
public static class TokenOutcome
{
    public static TokenOutcome<T> Ok<T>(string hierarchy, T value) => new(hierarchy, TokenOutcomeKind.Ok, value, null);

    public static TokenOutcome<T> PermissionClass<T>(string hierarchy, CgException error) =>
        new(hierarchy, TokenOutcomeKind.PermissionClassFailure, default, error ?? throw new ArgumentNullException(nameof(error)));

    public static TokenOutcome<T> Hard<T>(string hierarchy, CgException error) =>
        new(hierarchy, TokenOutcomeKind.HardFailure, default, error ?? throw new ArgumentNullException(nameof(error)));
}
