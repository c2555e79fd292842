namespace CgManager.Linux;

/// <summary>CLONE_NEW* flags for unshare(2) and setns(2), under their C names.</summary>
[Flags]
public enum CloneFlags
{
    None = 0,
    CLONE_NEWTIME = 0x80,
    CLONE_NEWNS = 0x20000,
    CLONE_NEWCGROUP = 0x2000000,
    CLONE_NEWUTS = 0x4000000,
    CLONE_NEWIPC = 0x8000000,
    CLONE_NEWUSER = 0x10000000,
    CLONE_NEWPID = 0x20000000,
    CLONE_NEWNET = 0x40000000,
}

/// <summary>mount(2) flags, under their C names.</summary>
[Flags]
public enum MountFlags : long
{
    None = 0,
    MS_RDONLY = 0x1,
    MS_NOSUID = 0x2,
    MS_NODEV = 0x4,
    MS_NOEXEC = 0x8,
    MS_REMOUNT = 0x20,
    MS_NOATIME = 0x400,
    MS_BIND = 0x1000,
    MS_MOVE = 0x2000,
    MS_REC = 0x4000,
    MS_SILENT = 0x8000,
    MS_UNBINDABLE = 0x20000,
    MS_PRIVATE = 0x40000,
    MS_SLAVE = 0x80000,
    MS_SHARED = 0x100000,
    MS_RELATIME = 0x200000,
}

/// <summary>umount2(2) flags, under their C names.</summary>
[Flags]
public enum UnmountFlags
{
    None = 0,
    MNT_FORCE = 0x1,
    MNT_DETACH = 0x2,
    MNT_EXPIRE = 0x4,
    UMOUNT_NOFOLLOW = 0x8,
}
