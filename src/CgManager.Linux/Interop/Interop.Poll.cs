using System.Runtime.InteropServices;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    internal const short POLLOUT = 0x4;

    [StructLayout(LayoutKind.Sequential)]
    internal struct pollfd
    {
        public int fd;
        public short events;
        public short revents;
    }

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int poll(pollfd* fds, nuint nfds, int timeout);
}
