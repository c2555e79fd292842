using System.Runtime.InteropServices;

namespace CgManager.Linux;

/// <summary>What a service daemon needs beyond the stream calls: datagrams to an address, its own address, fd flags.</summary>
internal static unsafe partial class Interop
{
    internal const int SO_ACCEPTCONN = 30;
    internal const int SO_DOMAIN = 39;
    internal const int F_GETFD = 1;
    internal const int F_SETFD = 2;
    internal const int F_DUPFD_CLOEXEC = 1030;
    internal const int FD_CLOEXEC = 1;

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial nint sendto(int fd, byte* buf, nuint len, int flags, sockaddr_un* addr, uint addrlen);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int getsockname(int fd, sockaddr_un* addr, uint* addrlen);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int fcntl(int fd, int cmd, int arg);
}
