using System.Runtime.InteropServices;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    // Calls that glibc (as shipped by the distributions we run on) may not wrap go through
    // syscall(2). It is variadic in C; declaring it with fixed integer arguments is correct on
    // x86_64 and arm64, where variadic integer arguments use the same registers, and glibc's
    // syscall() reads exactly those. Every argument is passed as a full register (nint) so that
    // no upper bits are left undefined.
    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
    internal static partial long syscall(long number, nint a1, nint a2, nint a3, nint a4);

    // Numbers added after 5.0 are shared by every architecture (asm-generic/unistd.h).
    internal const long SYS_pidfd_send_signal = 424;
    internal const long SYS_pidfd_open = 434;
    internal const long SYS_openat2 = 437;
    internal const long SYS_fchmodat2 = 452;

    /// <summary>pivot_root predates the shared table: 155 on x86_64, 41 on arm64.</summary>
    internal static long SYS_pivot_root => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 155,
        Architecture.Arm64 => 41,
        Architecture other => throw new PlatformNotSupportedException($"pivot_root: syscall number unknown for {other}"),
    };
}
