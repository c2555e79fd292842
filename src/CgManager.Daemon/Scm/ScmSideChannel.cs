using System.Diagnostics;
using CgManager.Contract.Scm;
using CgManager.DBus.Server;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Scm;

/// <summary>
/// The daemon's end of one Scm exchange (spec §4): the datagram socket the client passed, the
/// kick bytes, the credentials read with a deadline, and the result datagrams. Fixes S-4..S-6:
/// every exchange ends by its deadline, reads exactly the credentials it expects, refuses
/// non-datagram sockets, and always closes its fd.
/// </summary>
internal sealed class ScmSideChannel : IDisposable
{
    /// <summary>Time a client has, from the D-Bus call, to send its credentials and read the result.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    /// <summary>Exchanges in progress at once; more are refused at the D-Bus call.</summary>
    public const int MaxPending = 1024;

    /// <summary>Exchanges one uid other than root may have in progress (each holds a thread and an fd until its deadline).</summary>
    public const int DefaultMaxPendingPerUid = 64;

    /// <summary>Exchanges only root may start (cgproxy forwards every container's calls as root).</summary>
    public const int ReservedForRoot = 256;

    private static UidShares s_shares = NewShares(DefaultMaxPendingPerUid);
    private readonly UnixSocket _socket;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly uint _uid;
    private bool _counted;

    private ScmSideChannel(UnixSocket socket, uint uid)
    {
        _socket = socket;
        _uid = uid;
    }

    public static long Pending => s_shares.InUse;

    /// <summary>Sets the per-uid share at start-up (--max-scm-per-uid).</summary>
    public static void Configure(int maxPerUid) => s_shares = NewShares(maxPerUid);

    private static UidShares NewShares(int perUid) => new("Scm exchanges in progress", perUid, MaxPending, ReservedForRoot);

    /// <summary>
    /// Done inside the D-Bus call: take the fd, check it is a datagram socket, turn on SO_PASSCRED
    /// and write the first kick. Failures are D-Bus errors, as in the reference (spec §1.5).
    /// </summary>
    public static ScmSideChannel Open(MethodContext context, int fdIndex)
    {
        var fd = context.Request.TakeFd(fdIndex)
            ?? throw new DBusErrorException(DBusErrorNames.InvalidArgs, $"invalid argument: no unix fd at index {fdIndex} came with the call");
        var channel = new ScmSideChannel(new UnixSocket(fd), context.Peer.Uid);
        try
        {
            channel.Prepare();
            return channel;
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    private void Prepare()
    {
        int type;
        try
        {
            type = _socket.GetSocketType();
        }
        catch (LinuxException e)
        {
            throw new DBusErrorException(DBusErrorNames.InvalidArgs, $"invalid argument: the fd is not a socket ({e.Errno.Describe()})");
        }

        if (type != UnixSocket.Datagram)
        {
            throw new DBusErrorException(DBusErrorNames.InvalidArgs,
                $"invalid argument: the fd must be a SOCK_DGRAM socket (one end of socketpair(AF_UNIX, SOCK_DGRAM)), not type {type}");
        }

        if (!s_shares.TryTake(_uid, 1, out string refusal))
        {
            throw new DBusErrorException(DBusErrorNames.LimitsExceeded, $"too many Scm exchanges in progress: {refusal}");
        }

        _counted = true;
        try
        {
            _socket.SetPassCredentials(true);
            _socket.SetSendTimeout(Deadline);
            Send([ScmEncoding.Kick]);
        }
        catch (Exception e) when (e is LinuxException or TimeoutException)
        {
            throw new DBusErrorException(DBusErrorNames.InvalidArgs, $"invalid argument: failed to start the exchange on the fd: {e.Message}");
        }
    }

    /// <summary>Reads one credential datagram; null when the deadline passed or the client sent no credential.</summary>
    public PeerCredentials? ReadCredential()
    {
        Span<byte> buffer = stackalloc byte[64];
        var left = Deadline - _clock.Elapsed;
        if (left <= TimeSpan.Zero)
        {
            return null;
        }

        try
        {
            _socket.SetReceiveTimeout(left);
            _socket.Receive(buffer, null, out var credentials);
            return credentials is { Pid: > 0 } c ? c : null;
        }
        catch (Exception e) when (e is LinuxException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>One datagram to the client; false if it cannot be delivered before the deadline.</summary>
    public bool Send(ReadOnlySpan<byte> datagram, PeerCredentials? credentials = null)
    {
        try
        {
            _socket.SendOnce(datagram, null, credentials);
            return true;
        }
        catch (Exception e) when (e is LinuxException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Sends with credentials, reporting the kernel's errno (ESRCH: that task is gone).</summary>
    public Errno? TrySendCredential(ReadOnlySpan<byte> datagram, PeerCredentials credentials)
    {
        try
        {
            _socket.SendOnce(datagram, null, credentials);
            return null;
        }
        catch (LinuxException e)
        {
            return e.Errno;
        }
        catch (TimeoutException)
        {
            return Errno.EAGAIN;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_counted)
        {
            _counted = false;
            s_shares.Give(_uid, 1);
        }
    }
}
