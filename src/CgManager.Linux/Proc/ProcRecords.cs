namespace CgManager.Linux.Proc;

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
    public static ProcStatus Parse(string text) => ProcStatusParser.Parse(text);
}

/// <summary>One line of /proc/PID/cgroup: "ID:controller,list:/path" (ID 0 with an empty list is cgroup2).</summary>
public sealed record CgroupMembership(int HierarchyId, IReadOnlyList<string> Controllers, string Path)
{
    /// <summary>Parses the whole file; throws FormatException (precise message) on a malformed line.</summary>
    public static IReadOnlyList<CgroupMembership> ParseAll(string text) => CgroupMembershipParser.ParseAll(text);
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
    /// <summary>
    /// Parses the whole file. Root, MountPoint, FsType and Source are unescaped; MountOptions and
    /// SuperOptions keep the kernel's escapes so that splitting them on ',' stays exact.
    /// Throws FormatException (precise message) on a malformed line.
    /// </summary>
    public static IReadOnlyList<MountInfoEntry> ParseAll(string text) => MountInfoParser.ParseAll(text);
}

/// <summary>One row of /proc/cgroups.</summary>
public sealed record ProcCgroupsEntry(string Subsystem, int Hierarchy, int NumCgroups, bool Enabled)
{
    /// <summary>Parses the whole file, skipping the '#' header; throws FormatException (precise message) on a malformed row.</summary>
    public static IReadOnlyList<ProcCgroupsEntry> ParseAll(string text) => ProcCgroupsParser.ParseAll(text);
}

/// <summary>
/// What /proc/PID/fdinfo/FD says about a pidfd: <see cref="Pid"/> is null when the fd is no pidfd,
/// -1 once its task has exited, 0 when the task is outside the reader's pid namespace.
/// </summary>
public sealed record FdInfo(int? Pid, IReadOnlyList<int> NSpid)
{
    public bool IsPidfd => Pid is not null;

    /// <summary>Parses fdinfo text; throws FormatException (precise message) if a pidfd line is malformed or repeated.</summary>
    public static FdInfo Parse(string text) => FdInfoParser.Parse(text);
}
