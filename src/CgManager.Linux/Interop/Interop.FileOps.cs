using System.Runtime.InteropServices;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int mkdirat(int dirfd, byte* pathname, uint mode);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int unlinkat(int dirfd, byte* pathname, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int renameat(int olddirfd, byte* oldpath, int newdirfd, byte* newpath);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int fchownat(int dirfd, byte* pathname, uint owner, uint group, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int fchmodat(int dirfd, byte* pathname, uint mode, int flags);

    /// <summary>fchmodat2 (Linux 6.6) is the only chmod that honours AT_EMPTY_PATH on an O_PATH fd.</summary>
    internal static int fchmodat2(int dirfd, byte* pathname, uint mode, int flags) =>
        (int)syscall(SYS_fchmodat2, dirfd, (nint)pathname, (nint)mode, flags);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial nint readlinkat(int dirfd, byte* pathname, byte* buf, nuint bufsiz);
}
