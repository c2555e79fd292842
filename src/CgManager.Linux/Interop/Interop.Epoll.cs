using System.Runtime.InteropServices;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    internal const int EPOLL_CLOEXEC = 0x80000;
    internal const int EPOLL_CTL_ADD = 1;
    internal const int EPOLL_CTL_DEL = 2;
    internal const uint EPOLLIN = 0x1;
    internal const uint EPOLLERR = 0x8;
    internal const uint EPOLLHUP = 0x10;
    internal const uint EPOLLRDHUP = 0x2000;
    internal const uint EPOLLONESHOT = 1u << 30;

    // struct epoll_event is packed on x86_64 (12 bytes) and naturally aligned elsewhere (16 bytes).
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal struct epoll_event_packed
    {
        public uint events;
        public ulong data;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct epoll_event_aligned
    {
        public uint events;
        public ulong data;
    }

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int epoll_create1(int flags);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int epoll_ctl(int epfd, int op, int fd, void* ev);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int epoll_wait(int epfd, void* events, int maxevents, int timeout);
}
