using System.Text;

namespace CgManager.Linux.Sockets;

/// <summary>
/// The socket calls of a system service: datagrams to an address named by the environment
/// (sd_notify, /dev/log), listening sockets inherited from a service manager, and their address.
/// </summary>
public sealed unsafe partial class UnixSocket
{
    /// <summary>
    /// Sends one datagram from a fresh unbound socket to <paramref name="address"/>: a filesystem path,
    /// or an abstract name written with a leading '@' as NOTIFY_SOCKET does. Throws LinuxException.
    /// </summary>
    public static void SendDatagram(string address, ReadOnlySpan<byte> data)
    {
        using var socket = Create(Interop.SOCK_DGRAM);
        var sockaddr = MakeAnyAddress(address, out uint length);
        fixed (byte* p = data)
        {
            nint n;
            do
            {
                n = Interop.sendto(socket.Fd, p, (nuint)data.Length, Interop.MSG_NOSIGNAL, &sockaddr, length);
            }
            while (n < 0 && Errno.Last == Errno.EINTR);
            if (n < 0)
            {
                throw LinuxException.FromLast("sendto", address);
            }
        }
    }

    /// <summary>
    /// Takes an inherited fd that must be a listening AF_UNIX stream socket (as socket activation
    /// passes it), marks it close-on-exec, and owns it from then on. Throws LinuxException (EINVAL
    /// or ENOTSOCK) when it is something else, leaving the fd alone.
    /// </summary>
    public static UnixSocket AdoptListening(int fd)
    {
        var socket = new UnixSocket(new SafeFd(fd, ownsHandle: false));
        if (socket.GetIntOption(Interop.SO_DOMAIN, "SO_DOMAIN") != Interop.AF_UNIX ||
            socket.GetSocketType() != Interop.SOCK_STREAM ||
            socket.GetIntOption(Interop.SO_ACCEPTCONN, "SO_ACCEPTCONN") == 0)
        {
            throw new LinuxException("adopt listening socket", Errno.EINVAL, $"fd {fd}");
        }

        Sys.SetCloseOnExec(fd);
        return new UnixSocket(new SafeFd(fd));
    }

    /// <summary>The address this socket is bound to: a path, "@name" for an abstract one, "" when unbound.</summary>
    public string LocalAddress()
    {
        var address = default(Interop.sockaddr_un);
        uint length = (uint)sizeof(Interop.sockaddr_un);
        if (Interop.getsockname(Fd, &address, &length) != 0)
        {
            throw LinuxException.FromLast("getsockname");
        }

        int count = (int)length - sizeof(ushort);
        if (count <= 0)
        {
            return string.Empty;
        }

        var bytes = new ReadOnlySpan<byte>(address.sun_path, count);
        if (bytes[0] == 0)
        {
            return "@" + Encoding.UTF8.GetString(bytes[1..]);
        }

        int end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    /// <summary>
    /// Wakes a thread blocked in <see cref="Accept"/> without shutting the socket down, by connecting
    /// to it once: for a listening socket shared with a service manager, which must keep working
    /// after we stop. Returns false when the connect failed (the acceptor then wakes on its own terms).
    /// </summary>
    public bool WakeAcceptor()
    {
        var address = default(Interop.sockaddr_un);
        uint length = (uint)sizeof(Interop.sockaddr_un);
        if (Interop.getsockname(Fd, &address, &length) != 0)
        {
            return false;
        }

        using var probe = Create(Interop.SOCK_STREAM);
        int rc;
        do
        {
            rc = Interop.connect(probe.Fd, &address, length);
        }
        while (rc != 0 && Errno.Last == Errno.EINTR);
        return rc == 0;
    }

    /// <summary>A path, or '@' then an abstract name (no trailing NUL counted, as the kernel compares all bytes).</summary>
    private static Interop.sockaddr_un MakeAnyAddress(string address, out uint length)
    {
        if (!address.StartsWith('@'))
        {
            return MakeAddress(address, out length);
        }

        var sockaddr = default(Interop.sockaddr_un);
        sockaddr.sun_family = Interop.AF_UNIX;
        int count = Encoding.UTF8.GetByteCount(address);
        if (count > 108)
        {
            throw new LinuxException("sendto", Errno.ENAMETOOLONG, address);
        }

        var path = new Span<byte>(sockaddr.sun_path, 108);
        path[0] = 0;
        Encoding.UTF8.GetBytes(address.AsSpan(1), path[1..]);
        length = (uint)(sizeof(ushort) + count);
        return sockaddr;
    }
}
