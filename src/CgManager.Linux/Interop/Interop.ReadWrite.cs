using System.Runtime.InteropServices;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    internal const int SEEK_SET = 0;

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial nint pread(int fd, byte* buf, nuint count, long offset);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial nint write(int fd, byte* buf, nuint count);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial long lseek(int fd, long offset, int whence);
}
