namespace CgManager.Linux;

/// <summary>The file type, as both st_mode's S_IFMT bits and getdents' d_type encode it (d_type = S_IFMT &gt;&gt; 12).</summary>
public enum FileType
{
    Unknown = 0,
    Fifo = 1,
    CharacterDevice = 2,
    Directory = 4,
    BlockDevice = 6,
    Regular = 8,
    Symlink = 10,
    Socket = 12,
}

/// <summary>What the daemon needs from stat: type and permission bits, owner, identity.</summary>
/// <param name="Mode">st_mode: S_IFMT type bits and the 12 permission bits.</param>
/// <param name="Uid">Owner uid.</param>
/// <param name="Gid">Owner gid.</param>
/// <param name="Inode">st_ino.</param>
/// <param name="Device">st_dev as glibc's makedev() encodes it.</param>
/// <param name="LinkCount">st_nlink.</param>
public readonly record struct FileStatus(uint Mode, uint Uid, uint Gid, ulong Inode, ulong Device, uint LinkCount)
{
    private const uint TypeMask = 0xF000; // S_IFMT
    private const int TypeShift = 12;
    private const uint PermissionMask = 0xFFF;

    public FileType Type => (FileType)((Mode & TypeMask) >> TypeShift);

    /// <summary>The permission bits, including setuid, setgid and sticky (07777).</summary>
    public uint Permissions => Mode & PermissionMask;

    public bool IsDirectory => Type == FileType.Directory;
}

/// <summary>One entry of a directory as getdents64 returns it ("." and ".." are left out).</summary>
/// <param name="Name">The entry's name, decoded as UTF-8.</param>
/// <param name="Type">d_type; Unknown on filesystems that do not fill it in.</param>
/// <param name="Inode">d_ino.</param>
public readonly record struct DirectoryEntry(string Name, FileType Type, ulong Inode);
