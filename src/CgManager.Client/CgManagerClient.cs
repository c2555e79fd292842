using CgManager.Client.Transport;
using CgManager.Contract;
using CgManager.DBus;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Client;

/// <summary>
/// A connection to the cgroup manager (<c>org.linuxcontainers.cgmanager0_0</c> on a D-Bus peer-to-peer socket)
/// with one typed, cancellable method per API call. The plain methods switch to the Scm form when
/// <see cref="UsesScm"/> says so; the <c>...ScmAsync</c> methods speak for any requestor and are what a proxy
/// forwards through. Failures are <see cref="CgManagerException"/>s carrying the daemon's error name and message.
/// Thread-safe: calls may run concurrently on one client.
/// </summary>
public sealed partial class CgManagerClient : IDisposable, IAsyncDisposable
{
    /// <summary>Where the daemon listens unless told otherwise.</summary>
    public const string StandardSocketPath = "/sys/fs/cgroup/cgmanager/sock";

    /// <summary>The environment variable that overrides <see cref="StandardSocketPath"/>.</summary>
    public const string SocketEnvironmentVariable = "CGM_SOCKET";

    /// <summary>The D-Bus interface of the API.</summary>
    public const string InterfaceName = CompatApi.Name;

    /// <summary>The D-Bus object that serves it.</summary>
    public const string ObjectPath = Bus.ObjectPath;

    private readonly ClientConnection _connection;
    private readonly CgManagerClientOptions _options;

    private CgManagerClient(ClientConnection connection, CgManagerClientOptions options, string socketPath, bool usesScm)
    {
        _connection = connection;
        _options = options;
        SocketPath = socketPath;
        UsesScm = usesScm;
    }

    /// <summary><c>$CGM_SOCKET</c> if set and not empty, otherwise <see cref="StandardSocketPath"/>.</summary>
    public static string DefaultSocketPath =>
        Environment.GetEnvironmentVariable(SocketEnvironmentVariable) is { Length: > 0 } path ? path : StandardSocketPath;

    /// <summary>This process as a requestor: its pid, real uid and real gid (what the kernel lets it claim without privilege).</summary>
    public static PeerCredentials Self => new(Sys.GetPid(), Sys.GetUid(), Sys.GetGid());

    /// <summary>The socket this client is connected to.</summary>
    public string SocketPath { get; }

    /// <summary>True when the plain methods are sent in their Scm form (decided at connect time from <see cref="CgManagerClientOptions.ScmMode"/>).</summary>
    public bool UsesScm { get; }

    /// <summary>Connects to <paramref name="socketPath"/> (or <see cref="DefaultSocketPath"/>) with default options.</summary>
    /// <param name="socketPath">The daemon's socket, or null for the default.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="CgManagerException">The socket is missing (<see cref="CgManagerErrorNames.FileNotFound"/>), nobody listens
    /// (<see cref="CgManagerErrorNames.NoServer"/>), access is denied, or authentication failed.</exception>
    public static Task<CgManagerClient> ConnectAsync(string? socketPath = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(new CgManagerClientOptions { SocketPath = socketPath }, cancellationToken);

    /// <summary>Connects with explicit options.</summary>
    /// <param name="options">Socket, Scm mode and timeouts.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="CgManagerException">The connection or the handshake failed.</exception>
    public static async Task<CgManagerClient> ConnectAsync(CgManagerClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        string socketPath = options.SocketPath is { Length: > 0 } p ? p : DefaultSocketPath;
        bool usesScm = options.ScmMode switch
        {
            ScmMode.Always => true,
            ScmMode.Never => false,
            _ => ShouldUseScm(socketPath),
        };
        var opening = Task.Run(() => ClientConnection.Open(socketPath, options.HandshakeTimeout), CancellationToken.None);
        try
        {
            var connection = await opening.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new CgManagerClient(connection, options, socketPath, usesScm);
        }
        catch (OperationCanceledException)
        {
            // the handshake runs on; whatever it yields is closed, not leaked
            _ = opening.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>
    /// The rule behind <see cref="ScmMode.Auto"/>. The client cannot see the daemon's namespaces, so it
    /// assumes what the RFC does: the daemon runs in the initial pid and user namespaces, and when a proxy
    /// serves this socket it moved the daemon's folder aside as <c>cgmanager.lower</c>. So: plain if
    /// <c>cgmanager.lower</c> exists beside the socket's folder (the proxy turns plain calls into Scm
    /// itself); otherwise Scm exactly when this process is not in the initial pid namespace or not in the
    /// initial user namespace (the kernel gives those two fixed inode numbers, <c>0xEFFFFFFC</c> and
    /// <c>0xEFFFFFFD</c>, read from <c>/proc/self/ns</c>). A kernel without those links counts as initial.
    /// </summary>
    /// <param name="socketPath">The socket to be used.</param>
    /// <returns>True if the plain methods should go out in their Scm form.</returns>
    public static bool ShouldUseScm(string socketPath)
    {
        ArgumentNullException.ThrowIfNull(socketPath);
        return ScmRule.Decide(ScmRule.ProxyPresent(socketPath), ScmRule.OwnNamespaceInode("pid"), ScmRule.OwnNamespaceInode("user"));
    }

    /// <summary>Closes the connection. Calls in flight fail with <see cref="CgManagerErrorNames.Disconnected"/>.</summary>
    public void Dispose() => _connection.Dispose();

    /// <summary>Closes the connection.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private delegate T ReplyReader<out T>(ref MessageReader reader);

    /// <summary>
    /// One call of <paramref name="method"/> (name and argument signature from the contract); an error reply becomes a
    /// CgManagerException with the daemon's name and text, and the failure's kind as the interface's error table reads it.
    /// </summary>
    private async Task<Message> SendAsync(WireMethod method, Action<MessageWriter> writeArgs, CancellationToken cancellationToken,
        IReadOnlyList<SafeFd>? fds = null)
    {
        var body = new MessageWriter();
        writeArgs(body);
        using var call = Message.CreateMethodCall(null, ObjectPath, method.Interface, method.Name, method.InSignature, body.WrittenMemory.ToArray(),
            MessageFlags.None, fds);
        var reply = await _connection.CallAsync(call, cancellationToken).ConfigureAwait(false);
        if (reply.Type == MessageType.Error)
        {
            using (reply)
            {
                string text = "";
                if (reply.Signature.StartsWith('s'))
                {
                    var reader = reply.GetBodyReader();
                    text = reader.ReadString();
                }

                string name = reply.ErrorName ?? CgManagerErrorNames.Failed;
                var table = method.Interface == Manager1Api.Name ? ErrorTable.Manager1 : ErrorTable.Compat;
                throw new CgManagerException(name, text, method.Name) { Kind = table.KindOf(name, text) };
            }
        }

        return reply;
    }

    private async Task<T> CallAsync<T>(WireMethod method, Action<MessageWriter> writeArgs, ReplyReader<T> read, CancellationToken cancellationToken)
    {
        using var reply = await SendAsync(method, writeArgs, cancellationToken).ConfigureAwait(false);
        return Read(reply, method.Name, method.OutSignature, read);
    }

    private async Task CallAsync(WireMethod method, Action<MessageWriter> writeArgs, CancellationToken cancellationToken)
    {
        using var reply = await SendAsync(method, writeArgs, cancellationToken).ConfigureAwait(false);
    }

    private static T Read<T>(Message reply, string member, string replySignature, ReplyReader<T> read)
    {
        if (reply.Signature != replySignature)
        {
            throw new CgManagerException(CgManagerErrorNames.Failed,
                $"{member}: the daemon replied with signature '{reply.Signature}', expected '{replySignature}'", member);
        }

        try
        {
            var reader = reply.GetBodyReader();
            return read(ref reader);
        }
        catch (ProtocolException e)
        {
            throw new CgManagerException(CgManagerErrorNames.Failed, $"{member}: malformed reply: {e.Message}", member, e);
        }
    }
}
