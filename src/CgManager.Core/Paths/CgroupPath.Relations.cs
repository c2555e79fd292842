using CgManager.Core.Errors;

namespace CgManager.Core.Paths;

/// <summary>Joining, containment and relative forms, all by whole components.</summary>
public readonly partial struct CgroupPath
{
    /// <summary>This path with one more component.</summary>
    /// <exception cref="CgException">InvalidCgroupName if <paramref name="component"/> is not a valid component.</exception>
    public CgroupPath Append(string component)
    {
        if (CheckComponent(component) is { } reason)
        {
            throw new CgException(CgErrorKind.InvalidCgroupName, reason);
        }

        return new CgroupPath([.. Components, component]);
    }

    /// <summary>This path followed by every component of <paramref name="relative"/> (its root is ignored).</summary>
    public CgroupPath Combine(CgroupPath relative) =>
        relative.IsRoot ? this : IsRoot ? relative : new CgroupPath([.. Components, .. relative.Components]);

    /// <summary>
    /// True if this path is <paramref name="ancestor"/> or lies below it, comparing whole components:
    /// <c>/a/b</c> is beneath <c>/a</c>, <c>/ab</c> is not.
    /// </summary>
    public bool IsBeneathOrEqual(CgroupPath ancestor)
    {
        if (ancestor.Depth > Depth)
        {
            return false;
        }

        for (int i = 0; i < ancestor.Depth; i++)
        {
            if (!string.Equals(_components![i], ancestor._components![i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True if this path lies below <paramref name="ancestor"/> and is not equal to it.</summary>
    public bool IsStrictlyBeneath(CgroupPath ancestor) => Depth > ancestor.Depth && IsBeneathOrEqual(ancestor);

    /// <summary>
    /// The part of this path below <paramref name="ancestor"/>, as a path from a root: <c>/a/b/c</c> relative to
    /// <c>/a</c> is <c>/b/c</c>, and a path relative to itself is the root. False if this is not beneath it.
    /// </summary>
    public bool TryGetRelativeTo(CgroupPath ancestor, out CgroupPath relative)
    {
        if (!IsBeneathOrEqual(ancestor))
        {
            relative = Root;
            return false;
        }

        relative = new CgroupPath(Components.Skip(ancestor.Depth).ToArray());
        return true;
    }

    /// <summary>True if the last components of this path are exactly <paramref name="suffix"/>.</summary>
    public bool EndsWith(IReadOnlyList<string> suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        if (suffix.Count > Depth)
        {
            return false;
        }

        int offset = Depth - suffix.Count;
        for (int i = 0; i < suffix.Count; i++)
        {
            if (!string.Equals(_components![offset + i], suffix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>This path without its last <paramref name="count"/> components.</summary>
    public CgroupPath RemoveLast(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Depth);
        return count == 0 ? this : new CgroupPath(_components![..^count]);
    }
}
