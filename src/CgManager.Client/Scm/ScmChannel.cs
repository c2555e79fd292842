using System.Buffers;
using CgManager.Contract.Scm;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Client.Scm;

/// <summary>
/// The client's end of one Scm side channel (spec §4.4): a SOCK_DGRAM socketpair with SO_PASSCRED on
/// both ends; one end goes to the daemon with the call, the other stays here for the kicks, the
/// credentials and the result. Every receive has a deadline, and cancelling shuts the socket down so
/// a blocked receive returns at once. Blocking by design: run it off the caller's thread.
/// </summary>
internal sealed class ScmChannel : IDisposable
{
    /// <summary>The one data byte sent with each credential (the reference sends 'p').</summary>
    private static readonly byte[] CredentialByte = [ScmEncoding.CredentialByte];

    /// <summary>Receive buffer for a string result: a datagram cannot outgrow the default socket buffers by much.</summary>
    private const int StringResultBuffer = 1024 * 1024;

    private readonly UnixSocket _mine;
    private readonly TimeSpan _stepTimeout;
    private readonly string _method;
    private UnixSocket? _theirs;
    private CancellationTokenRegistration _cancellation;
    private CancellationToken _token;

    private ScmChannel(UnixSocket mine, UnixSocket theirs, TimeSpan stepTimeout, string method)
    {
        _mine = mine;
        _theirs = theirs;
        _stepTimeout = stepTimeout;
        _method = method;
    }

    public static ScmChannel Create(string method, TimeSpan stepTimeout)
    {
        var (mine, theirs) = UnixSocket.CreatePair(UnixSocket.Datagram);
        var channel = new ScmChannel(mine, theirs, stepTimeout, method);
        try
        {
            mine.SetPassCredentials(true);
            theirs.SetPassCredentials(true);
            mine.SetSendTimeout(stepTimeout);
            return channel;
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    /// <summary>The end to pass in the call's <c>h</c> argument.</summary>
    public SafeFd TheirEnd => _theirs?.Handle ?? throw new ObjectDisposedException(nameof(ScmChannel));

    /// <summary>Once the call is sent the daemon holds its own copy of that end; ours must go, or we could read our own writes' absence forever.</summary>
    public void CloseTheirEnd()
    {
        _theirs?.Dispose();
        _theirs = null;
    }

    /// <summary>From here on, cancelling shuts the socket down so that a waiting receive returns.</summary>
    public void BindCancellation(CancellationToken token)
    {
        _token = token;
        _cancellation = token.Register(static s => ((UnixSocket)s!).Shutdown(), _mine);
    }

    /// <summary>Waits for a kick: exactly one byte, '1'.</summary>
    public void WaitForKick(string which)
    {
        Span<byte> buffer = stackalloc byte[16];
        int n = Receive(buffer, $"the {which} kick", out _);
        if (n != 1 || buffer[0] != ScmEncoding.Kick)
        {
            throw Protocol($"expected the {which} kick ('1'), got {Describe(buffer[..n])}");
        }
    }

    /// <summary>Sends one credential: one data byte with SCM_CREDENTIALS {pid, uid, gid}; the kernel checks and translates it.</summary>
    public void SendCredential(PeerCredentials credentials, string which)
    {
        try
        {
            _mine.SendOnce(CredentialByte, null, credentials);
        }
        catch (LinuxException e)
        {
            _token.ThrowIfCancellationRequested();
            // EPERM: a pid or id this process may not name; ESRCH: no such pid; EINVAL: an unmapped id.
            throw new CgManagerException(CgManagerErrorNames.AccessDenied,
                $"{_method}: the kernel refused to send the {which} credential ({credentials}): {e.Errno.Describe()}", _method, e);
        }
        catch (TimeoutException e)
        {
            throw TimedOut($"sending the {which} credential", e);
        }
    }

    /// <summary>A one-byte result: '0' failure, '1' or '2' per method.</summary>
    public byte ReadByteResult()
    {
        Span<byte> buffer = stackalloc byte[16];
        int n = Receive(buffer, "the result", out _);
        if (n != 1 || buffer[0] is not (ScmEncoding.Failed or ScmEncoding.Done or ScmEncoding.Existed))
        {
            throw Protocol($"expected a one-byte result ('0', '1' or '2'), got {Describe(buffer[..n])}");
        }

        return buffer[0] == ScmEncoding.Failed ? throw Failed() : buffer[0];
    }

    /// <summary>A string result: its bytes and a NUL in one datagram; an empty datagram is failure.</summary>
    public string ReadStringResult()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(StringResultBuffer);
        try
        {
            int n = Receive(buffer, "the result", out _);
            if (n == 0)
            {
                throw Failed();
            }

            return Decode(() => ScmEncoding.ReadString(buffer.AsSpan(0, n)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A count: a native-endian int32 datagram; -1 is failure.</summary>
    public int ReadCount()
    {
        int count = ReadInt32("the count");
        return count switch
        {
            -1 => throw Failed(),
            < 0 => throw Protocol($"negative count {count}"),
            _ => count,
        };
    }

    /// <summary>GetTasks: <paramref name="count"/> datagrams, each one byte with the pid as a credential (translated into our pid namespace).</summary>
    public List<int> ReadPids(int count)
    {
        var pids = new List<int>(Math.Min(count, 4096));
        Span<byte> buffer = stackalloc byte[16];
        for (int i = 0; i < count; i++)
        {
            Receive(buffer, $"pid {i + 1} of {count}", out var credentials);
            if (credentials is not { } c)
            {
                throw Protocol($"pid {i + 1} of {count} came without a credential");
            }

            pids.Add(c.Pid);
        }

        return pids;
    }

    /// <summary>ListChildren/ListKeys: the uint32 length, then the blob in one datagram.</summary>
    public byte[] ReadBlob()
    {
        int length = ReadInt32("the blob length");
        if (length is < 0 or > ScmEncoding.MaxBlobLength)
        {
            throw Protocol($"blob length {(uint)length} is out of range");
        }

        var blob = new byte[length];
        int n = Receive(blob, "the blob", out _);
        return n == length ? blob : throw Protocol($"the blob announced {length} bytes but {n} arrived");
    }

    private int ReadInt32(string what)
    {
        Span<byte> buffer = stackalloc byte[16];
        int n = Receive(buffer, what, out _);
        try
        {
            return ScmEncoding.ReadInt32(buffer[..n], what);
        }
        catch (FormatException e)
        {
            throw Protocol(e.Message);
        }
    }

    /// <summary>A result through the contract's decoder: bytes that break the encoding are this method's protocol error.</summary>
    public T Decode<T>(Func<T> decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        try
        {
            return decode();
        }
        catch (FormatException e)
        {
            throw Protocol(e.Message);
        }
    }

    private int Receive(Span<byte> buffer, string what, out PeerCredentials? credentials)
    {
        try
        {
            _mine.SetReceiveTimeout(_stepTimeout);
            int n = _mine.Receive(buffer, null, out credentials);
            _token.ThrowIfCancellationRequested(); // a shutdown for cancellation reads as an empty datagram
            return n;
        }
        catch (TimeoutException e)
        {
            throw TimedOut($"waiting for {what}", e);
        }
        catch (LinuxException e)
        {
            _token.ThrowIfCancellationRequested();
            throw Protocol($"receiving {what} failed: {e.Message}");
        }
    }

    private CgManagerException Failed() =>
        new(CgManagerErrorNames.ScmFailed, $"{_method}: the cgroup manager refused the request (the Scm side channel carries no reason; the daemon's log has it)", _method);

    private CgManagerException Protocol(string detail) =>
        new(CgManagerErrorNames.ScmProtocol, $"{_method}: Scm side channel: {detail}", _method);

    private CgManagerException TimedOut(string doing, Exception inner) =>
        new(CgManagerErrorNames.Timeout, $"{_method}: no answer on the Scm side channel {doing} within {_stepTimeout.TotalSeconds:0.###} s", _method, inner);

    private static string Describe(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? "an empty datagram" : $"{bytes.Length} bytes ({Convert.ToHexString(bytes[..Math.Min(bytes.Length, 8)])})";

    public void Dispose()
    {
        _cancellation.Dispose();
        _theirs?.Dispose();
        _mine.Dispose();
    }
}
