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
}
