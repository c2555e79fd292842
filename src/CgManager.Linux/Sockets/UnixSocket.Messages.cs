namespace CgManager.Linux.Sockets;

public sealed unsafe partial class UnixSocket
{
    /// <summary>
    /// One recvmsg. Received fds (SCM_RIGHTS, close-on-exec) are appended to <paramref name="fds"/>,
    /// or closed at once when it is null; an SCM_CREDENTIALS message sets <paramref name="credentials"/>.
    /// Returns the byte count (0 = end of stream, or an empty datagram). Throws TimeoutException when
    /// SO_RCVTIMEO expires, LinuxException otherwise, and ProtocolViolation-style LinuxException
    /// (EMSGSIZE) when the kernel truncated the control data.
    /// </summary>
    public int Receive(Span<byte> buffer, List<SafeFd>? fds, out PeerCredentials? credentials)
    {
        nint n = ReceiveOnce(buffer, fds, 0, out credentials, out var errno);
        if (n < 0)
        {
            throw errno == Errno.EAGAIN ? new TimeoutException("receive timed out") : new LinuxException("recvmsg", errno);
        }

        return (int)n;
    }

    /// <summary>
    /// One recvmsg that never waits (MSG_DONTWAIT): false when nothing is queued, without an
    /// exception, so that it can be polled in a loop. Otherwise as <see cref="Receive"/>.
    /// </summary>
    public bool TryReceiveNow(Span<byte> buffer, List<SafeFd>? fds, out int received)
    {
        nint n = ReceiveOnce(buffer, fds, Interop.MSG_DONTWAIT, out _, out var errno);
        if (n < 0)
        {
            received = 0;
            return errno == Errno.EAGAIN ? false : throw new LinuxException("recvmsg", errno);
        }

        received = (int)n;
        return true;
    }

    /// <summary>One recvmsg, retried on EINTR; a negative result leaves the reason in <paramref name="errno"/>.</summary>
    private nint ReceiveOnce(Span<byte> buffer, List<SafeFd>? fds, int extraFlags, out PeerCredentials? credentials, out Errno errno)
    {
        credentials = null;
        errno = default;
        byte* control = stackalloc byte[ControlBufferSize];
        fixed (byte* data = buffer)
        {
            var iov = new Interop.iovec { iov_base = data, iov_len = (nuint)buffer.Length };
            var msg = new Interop.msghdr
            {
                msg_iov = &iov,
                msg_iovlen = 1,
                msg_control = control,
                msg_controllen = ControlBufferSize,
            };
            int flags = Interop.MSG_CMSG_CLOEXEC | extraFlags;
            nint n;
            do
            {
                n = Interop.recvmsg(Fd, &msg, flags);
            }
            while (n < 0 && Errno.Last == Errno.EINTR);

            if (n < 0)
            {
                errno = Errno.Last;
                return n;
            }

            credentials = CollectControl(&msg, fds);
            if ((msg.msg_flags & Interop.MSG_CTRUNC) != 0)
            {
                throw new LinuxException("recvmsg", Errno.EMSGSIZE, "control data truncated (too many fds)");
            }

            return n;
        }
    }

    /// <summary>Sends all of <paramref name="data"/> on a stream socket; the fds go with the first chunk.</summary>
    public void SendAll(ReadOnlySpan<byte> data, IReadOnlyList<SafeFd>? fds = null)
    {
        bool fdsSent = fds is null || fds.Count == 0;
        while (!data.IsEmpty)
        {
            int sent = SendOnce(data, fdsSent ? null : fds, null);
            fdsSent = true;
            data = data[sent..];
        }
    }

    /// <summary>One sendmsg (one datagram on SOCK_DGRAM), optionally with credentials and fds. Returns bytes sent.</summary>
    public int SendOnce(ReadOnlySpan<byte> data, IReadOnlyList<SafeFd>? fds, PeerCredentials? credentials)
    {
        nint n = SendCore(data, fds, credentials, 0, out var errno);
        if (n < 0)
        {
            throw errno == Errno.EAGAIN ? new TimeoutException("send timed out") : new LinuxException("sendmsg", errno);
        }

        return (int)n;
    }

    /// <summary>
    /// One sendmsg that never waits (MSG_DONTWAIT): false when the socket buffer is full, so that
    /// one stalled peer can never hold up the thread that serves others. It may send part of the data.
    /// </summary>
    public bool TrySendNow(ReadOnlySpan<byte> data, IReadOnlyList<SafeFd>? fds, out int sent)
    {
        nint n = SendCore(data, fds, null, Interop.MSG_DONTWAIT, out var errno);
        if (n < 0)
        {
            sent = 0;
            return errno == Errno.EAGAIN ? false : throw new LinuxException("sendmsg", errno);
        }

        sent = (int)n;
        return true;
    }

    /// <summary>Waits until the socket can take more data (or has failed); false when <paramref name="timeout"/> passed first.</summary>
    public bool WaitWritable(TimeSpan? timeout) => WaitFor(Interop.POLLOUT, timeout);

    /// <summary>Waits until a receive would not block (data, fds, end of stream or an error); false when <paramref name="timeout"/> passed first.</summary>
    public bool WaitReadable(TimeSpan? timeout) => WaitFor(Interop.POLLIN, timeout);

    private bool WaitFor(short events, TimeSpan? timeout)
    {
        int ms = timeout is { } t ? (int)Math.Clamp(Math.Ceiling(t.TotalMilliseconds), 0, int.MaxValue) : -1;
        var entry = new Interop.pollfd { fd = Fd, events = events };
        int rc;
        do
        {
            rc = Interop.poll(&entry, 1, ms);
        }
        while (rc < 0 && Errno.Last == Errno.EINTR);

        return rc < 0 ? throw LinuxException.FromLast("poll") : rc > 0;
    }

    /// <summary>One sendmsg, retried on EINTR; a negative result leaves the reason in <paramref name="errno"/>.</summary>
    private nint SendCore(ReadOnlySpan<byte> data, IReadOnlyList<SafeFd>? fds, PeerCredentials? credentials, int extraFlags, out Errno errno)
    {
        errno = default;
        int fdCount = fds?.Count ?? 0;
        nuint rightsSpace = fdCount > 0 ? Interop.CMSG_SPACE((nuint)(fdCount * sizeof(int))) : 0;
        nuint credSpace = credentials is null ? 0 : Interop.CMSG_SPACE((nuint)sizeof(Interop.ucred));
        nuint controlLength = rightsSpace + credSpace;
        if (controlLength > ControlBufferSize)
        {
            throw new LinuxException("sendmsg", Errno.EINVAL, "too many fds for one message");
        }

        byte* control = stackalloc byte[ControlBufferSize];
        new Span<byte>(control, (int)controlLength).Clear();
        var header = (Interop.cmsghdr*)control;
        if (credentials is { } c)
        {
            header->cmsg_len = Interop.CMSG_LEN((nuint)sizeof(Interop.ucred));
            header->cmsg_level = Interop.SOL_SOCKET;
            header->cmsg_type = Interop.SCM_CREDENTIALS;
            var cred = (Interop.ucred*)((byte*)header + Interop.CMSG_ALIGN((nuint)sizeof(Interop.cmsghdr)));
            *cred = new Interop.ucred { pid = c.Pid, uid = c.Uid, gid = c.Gid };
            header = (Interop.cmsghdr*)((byte*)header + credSpace);
        }

        bool[] addRefs = fdCount > 0 ? new bool[fdCount] : [];
        try
        {
            if (fdCount > 0)
            {
                header->cmsg_len = Interop.CMSG_LEN((nuint)(fdCount * sizeof(int)));
                header->cmsg_level = Interop.SOL_SOCKET;
                header->cmsg_type = Interop.SCM_RIGHTS;
                var slots = (int*)((byte*)header + Interop.CMSG_ALIGN((nuint)sizeof(Interop.cmsghdr)));
                for (int i = 0; i < fdCount; i++)
                {
                    fds![i].DangerousAddRef(ref addRefs[i]);
                    slots[i] = fds[i].Fd;
                }
            }

            fixed (byte* bytes = data)
            {
                var iov = new Interop.iovec { iov_base = bytes, iov_len = (nuint)data.Length };
                var msg = new Interop.msghdr
                {
                    msg_iov = &iov,
                    msg_iovlen = 1,
                    msg_control = controlLength > 0 ? control : null,
                    msg_controllen = controlLength,
                };
                nint n;
                do
                {
                    n = Interop.sendmsg(Fd, &msg, Interop.MSG_NOSIGNAL | extraFlags);
                }
                while (n < 0 && Errno.Last == Errno.EINTR);

                if (n < 0)
                {
                    errno = Errno.Last;
                }

                return n;
            }
        }
        finally
        {
            for (int i = 0; i < addRefs.Length; i++)
            {
                if (addRefs[i])
                {
                    fds![i].DangerousRelease();
                }
            }
        }
    }

    private static PeerCredentials? CollectControl(Interop.msghdr* msg, List<SafeFd>? fds)
    {
        PeerCredentials? credentials = null;
        byte* start = (byte*)msg->msg_control;
        byte* end = start + msg->msg_controllen;
        nuint headerSize = Interop.CMSG_ALIGN((nuint)sizeof(Interop.cmsghdr));
        byte* p = start;
        while (p + sizeof(Interop.cmsghdr) <= end)
        {
            var header = (Interop.cmsghdr*)p;
            if (header->cmsg_len < (nuint)sizeof(Interop.cmsghdr) || p + header->cmsg_len > end)
            {
                break;
            }

            byte* payload = p + headerSize;
            nuint payloadLength = header->cmsg_len - headerSize;
            if (header->cmsg_level == Interop.SOL_SOCKET && header->cmsg_type == Interop.SCM_RIGHTS)
            {
                int count = (int)(payloadLength / sizeof(int));
                for (int i = 0; i < count; i++)
                {
                    var fd = new SafeFd(((int*)payload)[i]);
                    if (fds is null)
                    {
                        fd.Dispose();
                    }
                    else
                    {
                        fds.Add(fd);
                    }
                }
            }
            else if (header->cmsg_level == Interop.SOL_SOCKET && header->cmsg_type == Interop.SCM_CREDENTIALS
                     && payloadLength == (nuint)sizeof(Interop.ucred) && credentials is null)
            {
                var cred = (Interop.ucred*)payload;
                credentials = new PeerCredentials(cred->pid, cred->uid, cred->gid);
            }

            p += Interop.CMSG_ALIGN(header->cmsg_len);
        }

        return credentials;
    }
}
