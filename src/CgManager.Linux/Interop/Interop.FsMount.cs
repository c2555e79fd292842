namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    // The new mount API (Linux 5.2): numbers shared by every architecture.
    internal const long SYS_fsopen = 430;
    internal const long SYS_fsconfig = 431;
    internal const long SYS_fsmount = 432;

    internal const uint FSOPEN_CLOEXEC = 0x1;
    internal const uint FSMOUNT_CLOEXEC = 0x1;
    internal const uint FSCONFIG_SET_FLAG = 0;
    internal const uint FSCONFIG_SET_STRING = 1;
    internal const uint FSCONFIG_CMD_CREATE = 6;
    internal const uint MOUNT_ATTR_NOSUID = 0x2;
    internal const uint MOUNT_ATTR_NODEV = 0x4;
    internal const uint MOUNT_ATTR_NOEXEC = 0x8;

    internal static int fsopen(byte* fsname, uint flags) => (int)syscall(SYS_fsopen, (nint)fsname, (nint)flags, 0, 0);

    /// <summary>fsconfig has five arguments; the fifth (aux) is 0 for every command we use, which glibc's syscall() passes as whatever is in r8 — so go through the six-argument form.</summary>
    internal static int fsconfig(int fd, uint cmd, byte* key, byte* value) =>
        (int)syscall6(SYS_fsconfig, fd, (nint)cmd, (nint)key, (nint)value, 0, 0);

    internal static int fsmount(int fd, uint flags, uint attrFlags) => (int)syscall(SYS_fsmount, fd, (nint)flags, (nint)attrFlags, 0);

    [System.Runtime.InteropServices.LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
    internal static partial long syscall6(long number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);
}
