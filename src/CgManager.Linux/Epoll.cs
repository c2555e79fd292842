using System.Runtime.InteropServices;

namespace CgManager.Linux;

/// <summary>
/// An epoll instance for one thread that waits on many fds at once. Each fd is armed for one
/// readiness report (EPOLLONESHOT), so that the fd is handed to exactly one reader and reported
/// no more until it is armed again; a token of the caller's names it in what <see cref="Wait"/> returns.
/// </summary>
public sealed unsafe class Epoll : IDisposable
{
    private const uint ReadableOnce = Interop.EPOLLIN | Interop.EPOLLRDHUP | Interop.EPOLLONESHOT;
    private static readonly bool IsPacked = RuntimeInformation.ProcessArchitecture == Architecture.X64;

    private Epoll(SafeFd fd) => Fd = fd;

    public SafeFd Fd { get; }

    public static Epoll Create()
    {
        int fd = Interop.epoll_create1(Interop.EPOLL_CLOEXEC);
        return fd < 0 ? throw LinuxException.FromLast("epoll_create1") : new Epoll(new SafeFd(fd));
    }

    /// <summary>Reports <paramref name="token"/> once, the next time <paramref name="fd"/> is readable, hung up or failed.</summary>
    public void AddReadableOnce(SafeFd fd, ulong token)
    {
        ArgumentNullException.ThrowIfNull(fd);
        int rc;
        if (IsPacked)
        {
            var ev = new Interop.epoll_event_packed { events = ReadableOnce, data = token };
            rc = Interop.epoll_ctl(Fd.Fd, Interop.EPOLL_CTL_ADD, fd.Fd, &ev);
        }
        else
        {
            var ev = new Interop.epoll_event_aligned { events = ReadableOnce, data = token };
            rc = Interop.epoll_ctl(Fd.Fd, Interop.EPOLL_CTL_ADD, fd.Fd, &ev);
        }

        if (rc < 0)
        {
            throw LinuxException.FromLast("epoll_ctl(ADD)");
        }
    }

    /// <summary>Forgets <paramref name="fd"/>, so that it can be added again; one that is not there is no error.</summary>
    public void Remove(SafeFd fd)
    {
        ArgumentNullException.ThrowIfNull(fd);
        if (Interop.epoll_ctl(Fd.Fd, Interop.EPOLL_CTL_DEL, fd.Fd, null) < 0 && Errno.Last != Errno.ENOENT)
        {
            throw LinuxException.FromLast("epoll_ctl(DEL)");
        }
    }

    /// <summary>
    /// Waits for reports and writes their tokens into <paramref name="tokens"/>; returns how many
    /// (0 when <paramref name="timeoutMs"/> passed; -1 waits for ever). EINTR is retried.
    /// </summary>
    public int Wait(Span<ulong> tokens, int timeoutMs)
    {
        int max = tokens.Length;
        int rc;
        if (IsPacked)
        {
            var events = stackalloc Interop.epoll_event_packed[max];
            rc = WaitCore(events, max, timeoutMs);
            for (int i = 0; i < rc; i++)
            {
                tokens[i] = events[i].data;
            }
        }
        else
        {
            var events = stackalloc Interop.epoll_event_aligned[max];
            rc = WaitCore(events, max, timeoutMs);
            for (int i = 0; i < rc; i++)
            {
                tokens[i] = events[i].data;
            }
        }

        return rc;
    }

    public void Dispose() => Fd.Dispose();

    private int WaitCore(void* events, int max, int timeoutMs)
    {
        int rc;
        do
        {
            rc = Interop.epoll_wait(Fd.Fd, events, max, timeoutMs);
        }
        while (rc < 0 && Errno.Last == Errno.EINTR);

        return rc < 0 ? throw LinuxException.FromLast("epoll_wait") : rc;
    }
}
