using System.Text;

namespace CgManager.Linux.Sockets;

/// <summary>
/// An AF_UNIX socket on a raw fd, for what System.Net.Sockets cannot do: SCM_RIGHTS,
/// SCM_CREDENTIALS, SO_PEERCRED, datagram socketpairs passed over D-Bus.
/// Calls block (with optional kernel timeouts); EINTR is retried.
/// </summary>
public sealed unsafe partial class UnixSocket : IDisposable
{
    /// <summary>Control space for what one receive may carry: fds plus one credential.</summary>
    private const int ControlBufferSize = 1024;

    public UnixSocket(SafeFd handle) => Handle = handle;

    public SafeFd Handle { get; }

    public int Fd => Handle.Fd;

    /// <summary>Binds and listens on a filesystem path (the caller removes stale sockets first).</summary>
    public static UnixSocket Listen(string path, int backlog)
    {
        var socket = Create(Interop.SOCK_STREAM);
        try
        {
            var address = MakeAddress(path, out var length);
            if (Interop.bind(socket.Fd, &address, length) != 0)
            {
                throw LinuxException.FromLast("bind", path);
            }

            if (Interop.listen(socket.Fd, backlog) != 0)
            {
                throw LinuxException.FromLast("listen", path);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects a stream socket to a filesystem path.</summary>
    public static UnixSocket Connect(string path)
    {
        var socket = Create(Interop.SOCK_STREAM);
        try
        {
            var address = MakeAddress(path, out var length);
            int rc;
            do
            {
                rc = Interop.connect(socket.Fd, &address, length);
            }
            while (rc != 0 && Errno.Last == Errno.EINTR);
            if (rc != 0)
            {
                throw LinuxException.FromLast("connect", path);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A connected pair, e.g. SOCK_DGRAM for the Scm side channel.</summary>
    public static (UnixSocket First, UnixSocket Second) CreatePair(int type)
    {
        int* fds = stackalloc int[2];
        if (Interop.socketpair(Interop.AF_UNIX, type | Interop.SOCK_CLOEXEC, 0, fds) != 0)
        {
            throw LinuxException.FromLast("socketpair");
        }

        return (new UnixSocket(new SafeFd(fds[0])), new UnixSocket(new SafeFd(fds[1])));
    }

    public const int Stream = Interop.SOCK_STREAM;
    public const int Datagram = Interop.SOCK_DGRAM;
    public const int SeqPacket = Interop.SOCK_SEQPACKET;

    /// <summary>Waits for the next connection. Throws LinuxException once the socket is shut down.</summary>
    public UnixSocket Accept()
    {
        while (true)
        {
            int fd = Interop.accept4(Fd, null, null, Interop.SOCK_CLOEXEC);
            if (fd >= 0)
            {
                return new UnixSocket(new SafeFd(fd));
            }

            var errno = Errno.Last;
            // A client that gave up between SYN and accept is its own problem, not the listener's.
            if (errno is Errno.EINTR or Errno.ECONNABORTED)
            {
                continue;
            }

            throw new LinuxException("accept4", errno);
        }
    }

    /// <summary>The peer's pid, uid and gid, captured by the kernel at connect() time.</summary>
    public PeerCredentials GetPeerCredentials()
    {
        Interop.ucred cred;
        uint length = (uint)sizeof(Interop.ucred);
        if (Interop.getsockopt(Fd, Interop.SOL_SOCKET, Interop.SO_PEERCRED, &cred, &length) != 0)
        {
            throw LinuxException.FromLast("getsockopt(SO_PEERCRED)");
        }

        return new PeerCredentials(cred.pid, cred.uid, cred.gid);
    }

    /// <summary>SOCK_STREAM, SOCK_DGRAM...; throws LinuxException (ENOTSOCK) for a non-socket fd.</summary>
    public int GetSocketType() => GetIntOption(Interop.SO_TYPE, "SO_TYPE");

    public void SetPassCredentials(bool enabled) => SetIntOption(Interop.SO_PASSCRED, enabled ? 1 : 0, "SO_PASSCRED");

    public void SetSendBufferSize(int bytes) => SetIntOption(Interop.SO_SNDBUF, bytes, "SO_SNDBUF");

    /// <summary>Kernel receive timeout; null or zero disables it. An expired receive throws TimeoutException.</summary>
    public void SetReceiveTimeout(TimeSpan? timeout) => SetTimeout(Interop.SO_RCVTIMEO, timeout, "SO_RCVTIMEO");

    public void SetSendTimeout(TimeSpan? timeout) => SetTimeout(Interop.SO_SNDTIMEO, timeout, "SO_SNDTIMEO");

    /// <summary>Unblocks any thread in Accept or Receive on this socket.</summary>
    public void Shutdown() => _ = Interop.shutdown(Fd, Interop.SHUT_RDWR);

    public void Dispose() => Handle.Dispose();

    private static UnixSocket Create(int type)
    {
        int fd = Interop.socket(Interop.AF_UNIX, type | Interop.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw LinuxException.FromLast("socket");
        }

        return new UnixSocket(new SafeFd(fd));
    }

    private static Interop.sockaddr_un MakeAddress(string path, out uint length)
    {
        var address = default(Interop.sockaddr_un);
        address.sun_family = Interop.AF_UNIX;
        int count = Encoding.UTF8.GetByteCount(path);
        if (count >= 108)
        {
            throw new LinuxException("bind", Errno.ENAMETOOLONG, path);
        }

        Encoding.UTF8.GetBytes(path, new Span<byte>(address.sun_path, 108));
        length = (uint)(sizeof(ushort) + count + 1);
        return address;
    }

    private int GetIntOption(int name, string what)
    {
        int value;
        uint length = sizeof(int);
        if (Interop.getsockopt(Fd, Interop.SOL_SOCKET, name, &value, &length) != 0)
        {
            throw LinuxException.FromLast($"getsockopt({what})");
        }

        return value;
    }

    private void SetIntOption(int name, int value, string what)
    {
        if (Interop.setsockopt(Fd, Interop.SOL_SOCKET, name, &value, sizeof(int)) != 0)
        {
            throw LinuxException.FromLast($"setsockopt({what})");
        }
    }

    private void SetTimeout(int name, TimeSpan? timeout, string what)
    {
        var ticks = timeout is { } t && t > TimeSpan.Zero ? t.Ticks : 0;
        var tv = new Interop.timeval { tv_sec = ticks / TimeSpan.TicksPerSecond, tv_usec = ticks % TimeSpan.TicksPerSecond / 10 };
        if (ticks > 0 && tv.tv_sec == 0 && tv.tv_usec == 0)
        {
            tv.tv_usec = 1;
        }

        if (Interop.setsockopt(Fd, Interop.SOL_SOCKET, name, &tv, (uint)sizeof(Interop.timeval)) != 0)
        {
            throw LinuxException.FromLast($"setsockopt({what})");
        }
    }
}
