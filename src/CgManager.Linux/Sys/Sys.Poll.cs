namespace CgManager.Linux;

public static unsafe partial class Sys
{
    /// <summary>What <see cref="PollPriority"/> saw on one fd.</summary>
    public enum PollEvent
    {
        /// <summary>Nothing happened on it.</summary>
        None,

        /// <summary>POLLPRI: a PSI trigger fired (or urgent data).</summary>
        Priority,

        /// <summary>POLLERR, POLLHUP or POLLNVAL: the file is gone (a PSI trigger's cgroup was removed).</summary>
        Error,
    }

    /// <summary>
    /// poll(2) for POLLPRI on <paramref name="fds"/>, and POLLIN on <paramref name="wake"/> (a socket another thread
    /// writes to when the set changes). Returns per fd what happened, and whether the wake socket is readable;
    /// a timeout of -1 waits for ever. EINTR is retried.
    /// </summary>
    public static (PollEvent[] Events, bool Woken) PollPriority(IReadOnlyList<SafeFd> fds, SafeFd wake, int timeoutMs)
    {
        ArgumentNullException.ThrowIfNull(fds);
        ArgumentNullException.ThrowIfNull(wake);
        var set = new Interop.pollfd[fds.Count + 1];
        // every fd stays open for the length of the call (a concurrent Dispose cannot free its number meanwhile)
        var held = new SafeFd[fds.Count + 1];
        int taken = 0;
        try
        {
            for (int i = 0; i <= fds.Count; i++)
            {
                var fd = i < fds.Count ? fds[i] : wake;
                bool added = false;
                fd.DangerousAddRef(ref added);
                held[taken++] = fd;
                set[i] = new Interop.pollfd { fd = fd.Fd, events = i < fds.Count ? Interop.POLLPRI : Interop.POLLIN };
            }

            int rc;
            fixed (Interop.pollfd* p = set)
            {
                do
                {
                    rc = Interop.poll(p, (nuint)set.Length, timeoutMs);
                }
                while (rc < 0 && Errno.Last == Errno.EINTR);
            }

            if (rc < 0)
            {
                throw LinuxException.FromLast("poll");
            }

            var events = new PollEvent[fds.Count];
            for (int i = 0; i < fds.Count; i++)
            {
                short r = set[i].revents;
                events[i] = (r & (Interop.POLLERR | Interop.POLLHUP | Interop.POLLNVAL)) != 0 ? PollEvent.Error
                    : (r & Interop.POLLPRI) != 0 ? PollEvent.Priority : PollEvent.None;
            }

            return (events, (set[^1].revents & Interop.POLLIN) != 0);
        }
        finally
        {
            for (int i = 0; i < taken; i++)
            {
                held[i].DangerousRelease();
            }
        }
    }
}
