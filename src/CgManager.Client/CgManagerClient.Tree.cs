using CgManager.Contract;
using CgManager.DBus;

namespace CgManager.Client;

/// <summary>One cgroup of a <see cref="CgManagerClient.GetTreeAsync"/> answer.</summary>
/// <param name="Cgroup">The cgroup, relative to the caller's.</param>
/// <param name="Values">
/// Each key's value: <see cref="ulong"/> for numbers, <see cref="double"/> for measurements (PSI averages),
/// <see cref="string"/> for text and "max", and for records (cpu.usage, io.usage...) a nested
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/> of the same kinds.
/// </param>
public sealed record CgroupValues(string Cgroup, IReadOnlyDictionary<string, object> Values);

public sealed partial class CgManagerClient
{
    /// <summary>
    /// Reads <paramref name="keys"/> for a cgroup and its descendants in one call (docs/keys.md, "Bulk reads").
    /// Descendants the caller may not read are left out; a subtree of more than 4096 cgroups is refused with
    /// InvalidArgument.
    /// </summary>
    /// <param name="cgroup">The cgroup, relative to the caller's.</param>
    /// <param name="keys">Version-neutral keys or raw file names.</param>
    /// <param name="depth">Levels below <paramref name="cgroup"/>: 0 the cgroup alone, -1 the whole subtree.</param>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>The cgroups, parents before children, with their values.</returns>
    public Task<IReadOnlyList<CgroupValues>> GetTreeAsync(string cgroup, IReadOnlyList<string> keys, int depth = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return CallAsync(Manager1Api.GetTree, w =>
        {
            w.WriteString(cgroup);
            w.WriteStringArray(keys);
            w.WriteInt32(depth);
        }, ReadTree, cancellationToken);
    }

    private static IReadOnlyList<CgroupValues> ReadTree(ref MessageReader r)
    {
        var tree = (DBusArray)r.ReadValue("a(sa{sv})");
        return tree.Items.Select(item =>
        {
            var fields = ((DBusStruct)item).Fields;
            return new CgroupValues((string)fields[0], Record((DBusArray)fields[1]));
        }).ToArray();
    }

    /// <summary>An <c>a{sv}</c> as a dictionary of plain values, records nested.</summary>
    internal static IReadOnlyDictionary<string, object> Record(DBusArray dictionary)
    {
        var values = new Dictionary<string, object>(dictionary.Items.Count, StringComparer.Ordinal);
        foreach (DBusDictEntry entry in dictionary.Items.Cast<DBusDictEntry>())
        {
            var variant = (DBusVariant)entry.Value;
            values[(string)entry.Key] = variant.Value is DBusArray { ElementSignature: "{sv}" } nested ? Record(nested) : variant.Value;
        }

        return values;
    }
}
