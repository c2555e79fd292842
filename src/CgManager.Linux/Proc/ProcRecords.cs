namespace CgManager.Linux.Proc;

/// <summary>One line of /proc/PID/uid_map or gid_map: ids [Inside, Inside+Count) map to [Outside, Outside+Count).</summary>
public readonly record struct IdMapRange(uint Inside, uint Outside, uint Count);

/// <summary>A parsed uid_map or gid_map. Lookups are checked against wrap-around.</summary>
public sealed class IdMap
{
    public IdMap(IReadOnlyList<IdMapRange> ranges) => Ranges = ranges;

    public IReadOnlyList<IdMapRange> Ranges { get; }

    /// <summary>The initial user namespace's map, "0 0 4294967295".</summary>
    public static IdMap Identity { get; } = new([new IdMapRange(0, 0, uint.MaxValue)]);

    /// <summary>True when this is exactly the initial namespace's map.</summary>
    public bool IsIdentity => throw new NotImplementedException();

    /// <summary>Parses map text; throws FormatException (precise message) for malformed or wrapping lines.</summary>
    public static IdMap Parse(string text) => throw new NotImplementedException();

    /// <summary>Host (outside) id to the id inside the namespace; false if unmapped.</summary>
    public bool TryMapToInside(uint hostId, out uint insideId) => throw new NotImplementedException();

    /// <summary>Inside id to the host (outside) id; false if unmapped.</summary>
    public bool TryMapToOutside(uint insideId, out uint hostId) => throw new NotImplementedException();
}

/// <summary>The fields of /proc/PID/status that access decisions use.</summary>
public sealed record ProcStatus(
    int Tgid,
    int PPid,
    IReadOnlyList<uint> Uids,
    IReadOnlyList<uint> Gids,
    IReadOnlyList<int> NSpid,
    IReadOnlyList<int> NStgid)
{
    /// <summary>Real uid: the first number of "Uid:".</summary>
    public uint RealUid => Uids[0];
    public uint RealGid => Gids[0];
    public uint EffectiveUid => Uids[1];

    /// <summary>Parses /proc/PID/status text; throws FormatException (precise message) if a needed line is missing or malformed.</summary>
    public static ProcStatus Parse(string text) => throw new NotImplementedException();
}

/// <summary>One line of /proc/PID/cgroup: "ID:controller,list:/path" (ID 0 with an empty list is cgroup2).</summary>
public sealed record CgroupMembership(int HierarchyId, IReadOnlyList<string> Controllers, string Path)
{
    /// <summary>Parses the whole file; throws FormatException (precise message) on a malformed line.</summary>
    public static IReadOnlyList<CgroupMembership> ParseAll(string text) => throw new NotImplementedException();
}

/// <summary>One line of /proc/PID/mountinfo, octal escapes (\040 ...) decoded.</summary>
public sealed record MountInfoEntry(
    int MountId,
    int ParentId,
    string MajorMinor,
    string Root,
    string MountPoint,
    string MountOptions,
    IReadOnlyList<string> OptionalFields,
    string FsType,
    string Source,
    string SuperOptions)
{
    public static IReadOnlyList<MountInfoEntry> ParseAll(string text) => throw new NotImplementedException();
}

/// <summary>One row of /proc/cgroups.</summary>
public sealed record ProcCgroupsEntry(string Subsystem, int Hierarchy, int NumCgroups, bool Enabled)
{
    public static IReadOnlyList<ProcCgroupsEntry> ParseAll(string text) => throw new NotImplementedException();
}
