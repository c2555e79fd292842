using System.Runtime.InteropServices;

namespace CgManager.Bench.RoundTrip;

/// <summary>
/// poll(2) for POLLIN on one fd, which CgManager.Linux does not offer (it waits for POLLOUT and POLLPRI
/// only, and the daemon's reads block in recvmsg); bound here so that nothing is added to src for the bench.
/// </summary>
internal static partial class PollIn
{
    private const short PollInFlag = 0x001;
    private const int Eintr = 4;

    /// <summary>Blocks until <paramref name="fd"/> is readable, has hung up or failed.</summary>
    public static void Wait(int fd)
    {
        var entry = new PollFd { Fd = fd, Events = PollInFlag };
        while (Poll(ref entry, 1, -1) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Eintr)
            {
                throw new IOException($"poll: {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
