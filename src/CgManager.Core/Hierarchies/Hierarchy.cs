using CgManager.Core.Paths;

namespace CgManager.Core.Hierarchies;

/// <summary>
/// One cgroup hierarchy the daemon manages: a v1 hierarchy with one controller (<c>memory</c>), several
/// co-mounted ones (<c>cpu,cpuacct</c>), or a name (<c>name=systemd</c>); or the cgroup2 unified hierarchy.
/// </summary>
/// <remarks>
/// <para><b>How ListControllers spells it</b> (<see cref="ListName"/>, spec §3.17): v1 controllers sorted and
/// comma-joined (<c>cpu,cpuacct</c>), a name as <c>name=systemd</c> (after any controllers it carries); the
/// unified hierarchy as its controllers comma-joined (<c>cpu,io,memory,pids</c>), or as <c>unified</c> when no
/// controller is enabled on it (hybrid hosts), so that it can still be addressed. The token <c>unified</c> selects
/// the unified hierarchy in either case.</para>
/// <para><b>Representative</b> (<see cref="Representative"/>): the one token <c>all</c> expands to for this
/// hierarchy: the first controller in sorted order, else <c>name=X</c>, else <c>unified</c>.</para>
/// </remarks>
public sealed class Hierarchy
{
    /// <summary>The token that always names the unified hierarchy.</summary>
    public const string UnifiedToken = "unified";

    /// <summary>The prefix of named v1 hierarchies.</summary>
    public const string NamePrefix = "name=";

    public Hierarchy(IEnumerable<string> controllers, string? name, bool isUnified, string? mountPoint, CgroupPath mountRoot, bool isPremounted)
    {
        ArgumentNullException.ThrowIfNull(controllers);
        Controllers = controllers.Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Name = name;
        IsUnified = isUnified;
        MountPoint = mountPoint;
        MountRoot = mountRoot;
        IsPremounted = isPremounted;
        if (name is { Length: 0 })
        {
            throw new ArgumentException("a hierarchy name cannot be empty", nameof(name));
        }

        if (Controllers.Count == 0 && name is null && !isUnified)
        {
            throw new ArgumentException("a v1 hierarchy needs a controller or a name", nameof(controllers));
        }

        ListName = BuildListName();
        Representative = Controllers.Count > 0 ? Controllers[0] : name is not null ? NamePrefix + name : UnifiedToken;
    }

    /// <summary>Kernel controllers on this hierarchy, sorted.</summary>
    public IReadOnlyList<string> Controllers { get; }

    /// <summary>The name of a named v1 hierarchy without <c>name=</c> (<c>systemd</c>), otherwise null.</summary>
    public string? Name { get; }

    /// <summary>True for the cgroup2 hierarchy.</summary>
    public bool IsUnified { get; }

    /// <summary>Where the hierarchy is mounted, or null when the daemon has yet to mount it (fresh).</summary>
    public string? MountPoint { get; }

    /// <summary>The cgroup shown at <see cref="MountPoint"/> (mountinfo's root field); the root for fresh mounts.</summary>
    public CgroupPath MountRoot { get; }

    /// <summary>True if it was mounted before the daemon started (hands off its hierarchy-wide settings).</summary>
    public bool IsPremounted { get; }

    /// <summary>The entry ListControllers returns for it.</summary>
    public string ListName { get; }

    /// <summary>The token <c>all</c> expands to for it.</summary>
    public string Representative { get; }

    /// <summary>
    /// True if <paramref name="token"/> names this hierarchy: one of its controllers, <c>name=X</c> or <c>X</c>
    /// for its name, or <c>unified</c> for the unified hierarchy.
    /// </summary>
    public bool Matches(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (Controllers.Contains(token, StringComparer.Ordinal))
        {
            return true;
        }

        if (Name is not null)
        {
            string bare = token.StartsWith(NamePrefix, StringComparison.Ordinal) ? token[NamePrefix.Length..] : token;
            if (string.Equals(bare, Name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return IsUnified && token == UnifiedToken;
    }

    /// <summary>
    /// The directory of <paramref name="cgroup"/> relative to <see cref="MountPoint"/> ("" for the mount's
    /// root), to open beneath the mount's fd. False if the cgroup is not visible through this mount.
    /// </summary>
    public bool TryGetMountRelativePath(CgroupPath cgroup, out string relative)
    {
        if (cgroup.TryGetRelativeTo(MountRoot, out CgroupPath rest))
        {
            relative = rest.ToRelativeString();
            return true;
        }

        relative = string.Empty;
        return false;
    }

    /// <summary>This hierarchy once the daemon has mounted it itself at <paramref name="mountPoint"/>.</summary>
    public Hierarchy WithFreshMount(string mountPoint, CgroupPath mountRoot) =>
        new(Controllers, Name, IsUnified, mountPoint, mountRoot, isPremounted: false);

    public override string ToString() => ListName;

    private string BuildListName()
    {
        var parts = new List<string>(Controllers);
        if (Name is not null)
        {
            parts.Add(NamePrefix + Name);
        }

        return parts.Count > 0 ? string.Join(',', parts) : UnifiedToken;
    }
}
