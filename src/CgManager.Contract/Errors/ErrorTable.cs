using System.Collections.Frozen;

namespace CgManager.Contract;

/// <summary>
/// How one interface reports each <see cref="CgErrorKind"/> as a D-Bus error, in both directions: the
/// daemon names a failure with <see cref="NameOf"/>, a client turns an error back into its kind with
/// <see cref="KindOf"/>. The compat interface (<c>org.linuxcontainers.cgmanager0_0</c>) uses
/// <c>org.freedesktop.DBus.Error.InvalidArgs</c> for every failure (spec §1.5, §11.1), so there the kind
/// is read from the message's reason prefix; Manager1 has one name per kind.
/// </summary>
public sealed class ErrorTable
{
    /// <summary>The error name every cgmanager failure uses on the compat interface.</summary>
    public const string InvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";

    /// <summary>Manager1's error names: this prefix and the kind's name, e.g. <c>org.linuxcontainers.cgmanager.Error.Busy</c>.</summary>
    public const string Manager1Prefix = "org.linuxcontainers.cgmanager.Error.";

    private readonly FrozenDictionary<CgErrorKind, string> _names;
    private readonly FrozenDictionary<string, CgErrorKind>? _kinds;

    /// <summary>A table that must name every kind; if the names are distinct, they identify the kind on the way back.</summary>
    /// <param name="names">The D-Bus error name of each kind.</param>
    public ErrorTable(IReadOnlyDictionary<CgErrorKind, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (CgErrorKind kind in Enum.GetValues<CgErrorKind>())
        {
            if (!names.ContainsKey(kind))
            {
                throw new ArgumentException($"no D-Bus error name for {kind}", nameof(names));
            }
        }

        _names = names.ToFrozenDictionary();
        bool distinct = names.Values.Distinct(StringComparer.Ordinal).Count() == names.Count;
        _kinds = distinct ? names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal) : null;
    }

    /// <summary>The compat interface: InvalidArgs for everything.</summary>
    public static ErrorTable Compat { get; } = new(Enum.GetValues<CgErrorKind>().ToDictionary(kind => kind, _ => InvalidArgs));

    /// <summary>Manager1: one name per kind.</summary>
    public static ErrorTable Manager1 { get; } = new(Enum.GetValues<CgErrorKind>().ToDictionary(kind => kind, kind => Manager1Prefix + kind));

    /// <summary>The D-Bus error name for <paramref name="kind"/>.</summary>
    /// <param name="kind">Why the request failed.</param>
    /// <returns>The error name to reply with.</returns>
    public string NameOf(CgErrorKind kind) => _names[kind];

    /// <summary>
    /// The kind of an error reply: by its name where names are distinct, otherwise (the compat interface) by the
    /// reason its message starts with. Null when the error is not one of this table's failures (e.g.
    /// <c>UnknownMethod</c>, or a message without a known reason).
    /// </summary>
    /// <param name="errorName">The reply's error name.</param>
    /// <param name="message">The reply's message.</param>
    /// <returns>The kind, or null.</returns>
    public CgErrorKind? KindOf(string errorName, string message)
    {
        ArgumentNullException.ThrowIfNull(errorName);
        ArgumentNullException.ThrowIfNull(message);
        if (_kinds is not null)
        {
            return _kinds.TryGetValue(errorName, out var kind) ? kind : null;
        }

        return _names.Values.Contains(errorName, StringComparer.Ordinal) ? CgErrorReasons.Parse(message) : null;
    }
}
