using CgManager.Core.Errors;
using CgManager.Core.Keys;

namespace CgManager.Core.Operations;

/// <summary>One cgroup of a <see cref="TreeOperations.GetTree"/> answer: its name relative to the caller's cgroup, and its values.</summary>
public sealed record TreeEntry(string Cgroup, IReadOnlyList<KeyValuePair<string, KeyValue>> Values);

/// <summary>Manager1's GetTree: values of a whole subtree in one call, each cgroup read as GetValues reads it.</summary>
public sealed class TreeOperations
{
    private readonly LookupOperations _lookup;
    private readonly ValueOperations _values;

    internal TreeOperations(LookupOperations lookup, ValueOperations values)
    {
        _lookup = lookup;
        _values = values;
    }

    /// <summary>The most cgroups one GetTree answers with; a larger subtree is refused, not cut short, so no reader mistakes part for all.</summary>
    public const int MaxTreeCgroups = 4096;

    /// <summary>
    /// GetTree: <paramref name="keys"/> for <paramref name="cgroup"/> and each descendant down to
    /// <paramref name="depth"/> levels (0 the cgroup alone, negative no bound), parents before children, siblings by
    /// name. Every cgroup is read as GetValues reads it, with its checks; descendants the caller may not read, and
    /// those removed during the walk, are left out; any other failure fails the call. Hidden leaf cgroups are folded
    /// into their parent, as ListChildren does.
    /// </summary>
    /// <exception cref="CgException">InvalidArgument when the subtree has more than <see cref="MaxTreeCgroups"/> cgroups.</exception>
    public IReadOnlyList<TreeEntry> GetTree(Caller caller, string cgroup, IReadOnlyList<string> keys, int depth)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var entries = new List<TreeEntry> { new(cgroup, _values.GetValues(caller, cgroup, keys)) };
        var pending = new Queue<(string Cgroup, int Level)>();
        pending.Enqueue((cgroup, 0));
        while (pending.TryDequeue(out var parent))
        {
            if (depth >= 0 && parent.Level >= depth)
            {
                continue;
            }

            foreach (string child in ChildrenOrNone(caller, parent.Cgroup))
            {
                string name = parent.Cgroup.Length == 0 ? child : parent.Cgroup.TrimEnd('/') + "/" + child;
                if (ReadOrSkip(caller, name, keys) is not { } values)
                {
                    continue;
                }

                if (entries.Count == MaxTreeCgroups)
                {
                    throw new CgException(CgErrorKind.InvalidArgument,
                        $"{cgroup}: the subtree has more than {MaxTreeCgroups} cgroups; ask for a smaller depth or a deeper cgroup");
                }

                entries.Add(new TreeEntry(name, values));
                pending.Enqueue((name, parent.Level + 1));
            }
        }

        return entries;
    }

    private IReadOnlyList<string> ChildrenOrNone(Caller caller, string cgroup)
    {
        try
        {
            return _lookup.ListChildrenAll(caller, cgroup);
        }
        catch (CgException e) when (e.Kind is CgErrorKind.NoSuchCgroup)
        {
            return [];
        }
    }

    private IReadOnlyList<KeyValuePair<string, KeyValue>>? ReadOrSkip(Caller caller, string cgroup, IReadOnlyList<string> keys)
    {
        try
        {
            return _values.GetValues(caller, cgroup, keys);
        }
        catch (CgException e) when (e.Kind is CgErrorKind.PermissionDenied or CgErrorKind.NoSuchCgroup)
        {
            return null;
        }
    }
}
