using CgManager.Core.Errors;

namespace CgManager.Core.Paths;

/// <summary>
/// A normalized absolute cgroup path from a hierarchy root, such as <c>/lxc/c1</c>, kept as its list of
/// components. Every component is non-empty, is not <c>.</c> or <c>..</c>, and contains no <c>/</c> or NUL,
/// so a path can never leave the root it is resolved from. The root is <c>/</c> with no components;
/// <c>default(CgroupPath)</c> is the root too.
/// </summary>
/// <remarks>
/// Containment (<see cref="IsBeneathOrEqual"/>) compares whole components, so <c>/ab</c> is not beneath
/// <c>/a</c> (spec S-2).
/// </remarks>
public readonly partial struct CgroupPath : IEquatable<CgroupPath>
{
    private readonly string[]? _components;

    private CgroupPath(string[] components) => _components = components;

    /// <summary>The hierarchy root, <c>/</c>.</summary>
    public static CgroupPath Root => default;

    /// <summary>The components from the root, e.g. ["lxc", "c1"].</summary>
    public IReadOnlyList<string> Components => _components ?? [];

    /// <summary>The number of components: 0 for the root, 2 for <c>/lxc/c1</c>.</summary>
    public int Depth => _components?.Length ?? 0;

    public bool IsRoot => Depth == 0;

    /// <summary>The last component, or "" for the root.</summary>
    public string Name => IsRoot ? string.Empty : _components![^1];

    /// <summary>The parent path; the root is its own parent.</summary>
    public CgroupPath Parent => Depth <= 1 ? Root : new CgroupPath(_components![..^1]);

    /// <summary>
    /// Parses an absolute path as the kernel writes it (/proc/PID/cgroup, mountinfo root). Runs of slashes
    /// collapse and a trailing slash is ignored; <c>.</c>, <c>..</c>, NUL and relative paths are rejected.
    /// </summary>
    /// <exception cref="CgException">InvalidCgroupName, with the reason.</exception>
    public static CgroupPath Parse(string absolute)
    {
        if (!TryParse(absolute, out CgroupPath path, out string? error))
        {
            throw new CgException(CgErrorKind.InvalidCgroupName, error);
        }

        return path;
    }

    /// <summary>As <see cref="Parse"/>, returning the reason instead of throwing.</summary>
    public static bool TryParse(string absolute, out CgroupPath path, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(absolute);
        path = Root;
        if (!absolute.StartsWith('/'))
        {
            error = $"'{absolute}' is not an absolute cgroup path";
            return false;
        }

        string[] parts = absolute.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (string part in parts)
        {
            if (CheckComponent(part) is { } reason)
            {
                error = $"'{absolute}': {reason}";
                return false;
            }
        }

        path = new CgroupPath(parts);
        error = null;
        return true;
    }

    /// <summary>A path from already separated components; each must be a valid component.</summary>
    /// <exception cref="CgException">InvalidCgroupName for an empty, <c>.</c>, <c>..</c>, slash or NUL component.</exception>
    public static CgroupPath FromComponents(IEnumerable<string> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        string[] parts = [.. components];
        foreach (string part in parts)
        {
            if (CheckComponent(part) is { } reason)
            {
                throw new CgException(CgErrorKind.InvalidCgroupName, reason);
            }
        }

        return new CgroupPath(parts);
    }

    /// <summary>Why <paramref name="component"/> cannot be one path component, or null if it can.</summary>
    public static string? CheckComponent(string component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (component.Length == 0)
        {
            return "empty path component";
        }

        if (component is "." or "..")
        {
            return $"path component '{component}' is not allowed";
        }

        if (component.Contains('/', StringComparison.Ordinal))
        {
            return $"path component '{component}' contains '/'";
        }

        if (component.Contains('\0', StringComparison.Ordinal))
        {
            return "path component contains a NUL character";
        }

        if (component.Length > Limits.MaxNameLength)
        {
            return $"path component is longer than {Limits.MaxNameLength} characters";
        }

        return null;
    }

    /// <summary><c>/</c> or <c>/a/b</c>.</summary>
    public override string ToString() => IsRoot ? "/" : "/" + string.Join('/', _components!);

    /// <summary>The path without its leading slash: "" for the root, <c>a/b</c> otherwise.</summary>
    public string ToRelativeString() => IsRoot ? string.Empty : string.Join('/', _components!);

    public bool Equals(CgroupPath other) => Components.SequenceEqual(other.Components, StringComparer.Ordinal);

    public override bool Equals(object? obj) => obj is CgroupPath other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (string component in Components)
        {
            hash.Add(component, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(CgroupPath left, CgroupPath right) => left.Equals(right);

    public static bool operator !=(CgroupPath left, CgroupPath right) => !left.Equals(right);
}
