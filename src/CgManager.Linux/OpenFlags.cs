namespace CgManager.Linux;

/// <summary>
/// open(2) flags under their C names, with the x86_64 values. The few bits that differ on
/// arm64 (O_DIRECTORY, O_NOFOLLOW) are translated at the syscall boundary, so callers can
/// treat these as portable. O_CLOEXEC is added to every open whether asked for or not.
/// </summary>
[Flags]
public enum OpenFlags
{
    O_RDONLY = 0,
    O_WRONLY = 0x1,
    O_RDWR = 0x2,
    O_CREAT = 0x40,
    O_EXCL = 0x80,
    O_NOCTTY = 0x100,
    O_TRUNC = 0x200,
    O_APPEND = 0x400,
    O_NONBLOCK = 0x800,
    O_DIRECTORY = 0x10000,
    O_NOFOLLOW = 0x20000,
    O_CLOEXEC = 0x80000,
    O_PATH = 0x200000,
}

/// <summary>openat2(2) RESOLVE_* flags: how the kernel may walk the path.</summary>
[Flags]
public enum ResolveFlags
{
    None = 0,

    /// <summary>Do not cross a mount point.</summary>
    RESOLVE_NO_XDEV = 0x01,

    /// <summary>Do not follow /proc magic links (/proc/PID/fd/N, /proc/PID/root...).</summary>
    RESOLVE_NO_MAGICLINKS = 0x02,

    /// <summary>Do not follow any symlink, anywhere in the path.</summary>
    RESOLVE_NO_SYMLINKS = 0x04,

    /// <summary>Fail with EXDEV if resolution would leave the directory fd's subtree.</summary>
    RESOLVE_BENEATH = 0x08,

    /// <summary>Treat the directory fd as the root ("/" and ".." stop there).</summary>
    RESOLVE_IN_ROOT = 0x10,

    /// <summary>Only resolve from the dentry cache; EAGAIN otherwise.</summary>
    RESOLVE_CACHED = 0x20,

    /// <summary>The confinement every cgroupfs access uses.</summary>
    Confined = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
}

/// <summary>The AT_* flags of the *at() calls.</summary>
[Flags]
public enum AtFlags
{
    None = 0,
    AT_SYMLINK_NOFOLLOW = 0x100,
    AT_REMOVEDIR = 0x200,
    AT_SYMLINK_FOLLOW = 0x400,
    AT_NO_AUTOMOUNT = 0x800,
    AT_EMPTY_PATH = 0x1000,
}
