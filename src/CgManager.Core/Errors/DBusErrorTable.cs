using System.Collections.Frozen;

namespace CgManager.Core.Errors;

/// <summary>
/// Maps each <see cref="CgErrorKind"/> to the D-Bus error name an interface reports it with.
/// The compat interface (<c>org.linuxcontainers.cgmanager0_0</c>) must use
/// <c>org.freedesktop.DBus.Error.InvalidArgs</c> for every failure (spec §1.5, §11.1);
/// a future interface can build its own table.
/// </summary>
public sealed class DBusErrorTable
{
    /// <summary>The error name every cgmanager failure uses on the compat interface.</summary>
    public const string InvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";

    private readonly FrozenDictionary<CgErrorKind, string> _names;

    /// <summary>A table that must name every kind.</summary>
    public DBusErrorTable(IReadOnlyDictionary<CgErrorKind, string> names)
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
    }

    /// <summary>The compat interface: InvalidArgs for everything.</summary>
    public static DBusErrorTable Compat { get; } = new(
        Enum.GetValues<CgErrorKind>().ToDictionary(kind => kind, _ => InvalidArgs));

    /// <summary>The D-Bus error name for <paramref name="kind"/>.</summary>
    public string NameOf(CgErrorKind kind) => _names[kind];
}
