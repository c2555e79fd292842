using System.Runtime.InteropServices;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
    internal const int DIRENT64_INO_OFFSET = 0;
    internal const int DIRENT64_RECLEN_OFFSET = 16;
    internal const int DIRENT64_TYPE_OFFSET = 18;
    internal const int DIRENT64_NAME_OFFSET = 19;

    /// <summary>getdents64 via syscall(): glibc only wraps it from 2.30, and the number differs by arch.</summary>
    internal static nint getdents64(int fd, byte* dirp, nuint count) =>
        (nint)syscall(SYS_getdents64, fd, (nint)dirp, (nint)count, 0);

    internal static long SYS_getdents64 => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 217,
        Architecture.Arm64 => 61,
        Architecture other => throw new PlatformNotSupportedException($"getdents64: syscall number unknown for {other}"),
    };
}
