using System.Runtime.InteropServices;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int unshare(int flags);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int setns(int fd, int nstype);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int mount(byte* source, byte* target, byte* filesystemtype, nuint mountflags, byte* data);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int umount2(byte* target, int flags);

    internal static int pivot_root(byte* new_root, byte* put_old) =>
        (int)syscall(SYS_pivot_root, (nint)new_root, (nint)put_old, 0, 0);
}
