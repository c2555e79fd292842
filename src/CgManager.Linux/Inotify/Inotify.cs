namespace CgManager.Linux;

/// <summary>An inotify instance: add watches, then read batches of events.</summary>
public sealed class Inotify : IDisposable
{
    /// <summary>Enough for many events with NAME_MAX names; the kernel never splits one event.</summary>
    public const int ReadBufferSize = 64 * 1024;

    private readonly byte[] _buffer = new byte[ReadBufferSize];

    private Inotify(SafeFd fd) => Fd = fd;

    /// <summary>The inotify fd, e.g. to poll it.</summary>
    public SafeFd Fd { get; }

    public static Inotify Create(bool nonBlocking = false) => new(Sys.InotifyInit1(nonBlocking));

    public int AddWatch(string path, InotifyMask mask) => Sys.InotifyAddWatch(Fd, path, mask);

    /// <summary>
    /// Watches a file reached through an fd (e.g. opened beneath a cgroup directory), by the
    /// /proc/self/fd magic link to exactly that inode, so the watched file is the one resolved safely.
    /// </summary>
    public int AddWatch(SafeFd target, InotifyMask mask, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        bool added = false;
        target.DangerousAddRef(ref added);
        try
        {
            return Sys.InotifyAddWatch(Fd, $"/proc/self/fd/{target.Fd}", mask, subject);
        }
        finally
        {
            target.DangerousRelease();
        }
    }

    public void RemoveWatch(int watchDescriptor) => Sys.InotifyRmWatch(Fd, watchDescriptor);

    /// <summary>
    /// Reads the next batch of events; blocks unless created non-blocking, in which case an
    /// empty list means none are pending.
    /// </summary>
    public IReadOnlyList<InotifyEvent> ReadEvents()
    {
        int n;
        try
        {
            n = Sys.Read(Fd, _buffer, "inotify");
        }
        catch (LinuxException e) when (e.Errno == Errno.EAGAIN)
        {
            return [];
        }

        return InotifyEvent.ParseAll(_buffer.AsSpan(0, n));
    }

    public void Dispose() => Fd.Dispose();
}
