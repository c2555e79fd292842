namespace CgManager.Linux;

/// <summary>
/// The checks made on a path before it is resolved beneath a directory fd. They are the
/// cheap first line; openat2(RESOLVE_BENEATH) is the one the kernel enforces.
/// </summary>
public static class RelativePath
{
    /// <summary>Throws ArgumentException if the path is empty, absolute, contains NUL or has a ".." component.</summary>
    public static void Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            throw new ArgumentException("path is empty; use \".\" for the directory itself", nameof(path));
        }

        if (path[0] == '/')
        {
            throw new ArgumentException($"path \"{path}\" is absolute; a path relative to the directory is required", nameof(path));
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("path contains a NUL character", nameof(path));
        }

        foreach (Range r in path.AsSpan().Split('/'))
        {
            if (path.AsSpan()[r] is "..")
            {
                throw new ArgumentException($"path \"{path}\" has a \"..\" component", nameof(path));
            }
        }
    }

    /// <summary>
    /// Splits a validated path into its parent (or ".") and its last component, for calls
    /// such as mkdirat and unlinkat that take a name in a directory.
    /// </summary>
    public static (string Parent, string Name) SplitLast(string path)
    {
        Validate(path);
        string trimmed = path.TrimEnd('/');
        int slash = trimmed.LastIndexOf('/');
        string name = slash < 0 ? trimmed : trimmed[(slash + 1)..];
        if (name.Length == 0 || name == ".")
        {
            throw new ArgumentException($"path \"{path}\" does not end in a name", nameof(path));
        }

        string parent = slash < 0 ? "." : trimmed[..slash].TrimEnd('/');
        return (parent.Length == 0 ? "." : parent, name);
    }
}
