using System.Runtime.InteropServices;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    /// <summary>struct open_how (linux/openat2.h); the kernel takes its size as the version.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct open_how
    {
        public ulong flags;
        public ulong mode;
        public ulong resolve;
    }

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int openat(int dirfd, byte* pathname, int flags, uint mode);

    internal static int openat2(int dirfd, byte* pathname, open_how* how) =>
        (int)syscall(SYS_openat2, dirfd, (nint)pathname, (nint)how, sizeof(open_how));

    internal const int AT_FDCWD = -100;

    // arm64 (asm-generic) puts these two where x86_64 has O_DIRECT and O_LARGEFILE.
    private const int O_DIRECTORY_generic = 0x4000;
    private const int O_NOFOLLOW_generic = 0x8000;

    /// <summary>The kernel's bits for these flags on this architecture, O_CLOEXEC always included.</summary>
    internal static int ToKernel(OpenFlags flags)
    {
        int bits = (int)(flags | OpenFlags.O_CLOEXEC);
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            return bits;
        }

        if (RuntimeInformation.ProcessArchitecture != Architecture.Arm64)
        {
            throw new PlatformNotSupportedException($"open flags unknown for {RuntimeInformation.ProcessArchitecture}");
        }

        bits &= ~(int)(OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW);
        bits |= flags.HasFlag(OpenFlags.O_DIRECTORY) ? O_DIRECTORY_generic : 0;
        bits |= flags.HasFlag(OpenFlags.O_NOFOLLOW) ? O_NOFOLLOW_generic : 0;
        return bits;
    }
}
