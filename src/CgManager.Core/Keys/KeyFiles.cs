namespace CgManager.Core.Keys;

/// <summary>
/// Helpers over the file contents a caller read for a key: file name to contents, files that do not exist left out.
/// </summary>
internal static class KeyFiles
{
    /// <summary>The contents of <paramref name="file"/> without trailing newlines, or null if it is absent.</summary>
    public static string? Get(IReadOnlyDictionary<string, string> files, string file) =>
        files.TryGetValue(file, out string? text) ? text.TrimEnd('\n') : null;

    /// <summary>The contents of a file the key cannot do without; its absence means the kernel lacks the feature.</summary>
    public static string Require(IReadOnlyDictionary<string, string> files, string file, string key, string? whyMissing = null) =>
        Get(files, file) ?? throw KeyErrors.NotSupported(key, whyMissing ?? $"{file} does not exist in this cgroup");

    /// <summary>The non-empty lines of a multi-line file.</summary>
    public static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The value of <paramref name="field"/> in a flat keyed file ("max 3\noom 1"), or null.</summary>
    public static string? Field(string text, string field)
    {
        foreach (string line in Lines(text))
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && line.AsSpan(0, space).SequenceEqual(field))
            {
                return line[(space + 1)..].Trim();
            }
        }

        return null;
    }
}
