namespace CgManager.Core;

/// <summary>Every limit the domain enforces, by name.</summary>
public static class Limits
{
    /// <summary>MAXPATHLEN: a cgroup argument, or a cgroup path joined with a key, must be shorter.</summary>
    public const int MaxPathLength = 4096;

    /// <summary>NAME_MAX: the longest single path component or key.</summary>
    public const int MaxNameLength = 255;

    /// <summary>The default of <c>--max-depth</c>: the deepest cgroup Create makes, counted from the hierarchy root.</summary>
    public const int DefaultMaxDepth = 16;
}
