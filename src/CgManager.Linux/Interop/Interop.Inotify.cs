using System.Runtime.InteropServices;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    // Same values as O_CLOEXEC and O_NONBLOCK on x86_64 and arm64.
    internal const int IN_CLOEXEC = 0x80000;
    internal const int IN_NONBLOCK = 0x800;

    // struct inotify_event { s32 wd; u32 mask; u32 cookie; u32 len; char name[len]; }
    internal const int INOTIFY_EVENT_HEADER_SIZE = 16;

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int inotify_init1(int flags);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int inotify_add_watch(int fd, byte* pathname, uint mask);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int inotify_rm_watch(int fd, int wd);
}
