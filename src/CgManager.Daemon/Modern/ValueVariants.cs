using CgManager.Core.Keys;
using CgManager.DBus;

namespace CgManager.Daemon.Modern;

/// <summary>
/// A key's value as Manager1 sends it: numbers as <c>t</c>, measurements as <c>d</c>, records as a nested
/// <c>a{sv}</c> (per-device records nest once more), anything else as <c>s</c>, so clients never re-parse text.
/// </summary>
internal static class ValueVariants
{
    public static DBusVariant Of(KeyValue value) => value.Kind switch
    {
        KeyValueKind.Number => new DBusVariant("t", value.Number),
        KeyValueKind.Real => new DBusVariant("d", value.Real),
        KeyValueKind.Fields => new DBusVariant("a{sv}", Dictionary(value.Fields)),
        _ => new DBusVariant("s", value.Text),
    };

    public static DBusArray Dictionary(IEnumerable<KeyValuePair<string, KeyValue>> fields) =>
        new("{sv}", fields.Select(f => (object)new DBusDictEntry(f.Key, Of(f.Value))).ToArray());
}
