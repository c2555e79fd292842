using CgManager.Client.Scm;
using CgManager.Contract;
using CgManager.Contract.Scm;
using CgManager.DBus;
using CgManager.Linux.Sockets;

namespace CgManager.Client;

// The Scm forms (spec §4.4): the call carries one end of a SOCK_DGRAM socketpair; the identities
// go over it as kernel-checked credentials, which the kernel translates into the daemon's
// namespaces; the result comes back on it. A proxy passes the requestor it saw through
// SO_PEERCRED; naming a pid or id other than its own needs CAP_SYS_ADMIN / CAP_SETUID in the
// namespaces that own them. The side channel carries no error text: a refusal is
// CgManagerErrorNames.ScmFailed.
public sealed partial class CgManagerClient
{
    /// <summary>GetPidCgroupScm: <paramref name="victim"/>'s cgroup relative to <paramref name="requestor"/>'s.</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="requestor">Credential #1: who asks.</param>
    /// <param name="victim">Credential #2: whose cgroup (its pid counts; uid and gid are ignored).</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The relative path.</returns>
    public Task<string> GetPidCgroupScmAsync(string controller, PeerCredentials requestor, PeerCredentials victim, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.GetPidCgroupScm, w => w.WriteString(controller), requestor, victim, static c => c.ReadStringResult(), cancellationToken);

    /// <summary>GetPidCgroupAbsScm: <paramref name="victim"/>'s cgroup relative to the caller's (the proxy's) cgroup.</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="victim">Credential #2 (its pid counts).</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The path, with a leading slash.</returns>
    public Task<string> GetPidCgroupAbsScmAsync(string controller, PeerCredentials requestor, PeerCredentials victim, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.GetPidCgroupAbsScm, w => w.WriteString(controller), requestor, victim, static c => c.ReadStringResult(), cancellationToken);

    /// <summary>CreateScm on behalf of <paramref name="requestor"/>.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup, relative to the requestor's.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>Whether it was made or existed ('1' / '2' on the side channel).</returns>
    public Task<CreateResult> CreateScmAsync(string controller, string cgroup, PeerCredentials requestor, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.CreateScm, w => { w.WriteString(controller); w.WriteString(cgroup); }, requestor, null,
            static c => c.ReadByteResult() == ScmEncoding.Existed ? CreateResult.Existed : CreateResult.Created, cancellationToken);

    /// <summary>ChownScm: gives the cgroup to <paramref name="target"/>'s uid and gid.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="target">Credential #2: {the sender's own pid, new uid, new gid}.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when done.</returns>
    public Task ChownScmAsync(string controller, string cgroup, PeerCredentials requestor, PeerCredentials target, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.ChownScm, w => { w.WriteString(controller); w.WriteString(cgroup); }, requestor, target, DoneResult, cancellationToken);

    /// <summary>ChmodScm on behalf of <paramref name="requestor"/>.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="file">A file in it, or "" for the directory.</param>
    /// <param name="mode">The permission bits.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when done.</returns>
    public Task ChmodScmAsync(string controller, string cgroup, string file, int mode, PeerCredentials requestor, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.ChmodScm, w => { w.WriteString(controller); w.WriteString(cgroup); w.WriteString(file); w.WriteInt32(mode); },
            requestor, null, DoneResult, cancellationToken);

    /// <summary>MovePidScm: moves <paramref name="victim"/> into a cgroup below <paramref name="requestor"/>'s.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The target cgroup.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="victim">Credential #2 (its pid counts).</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when done.</returns>
    public Task MovePidScmAsync(string controller, string cgroup, PeerCredentials requestor, PeerCredentials victim, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.MovePidScm, w => { w.WriteString(controller); w.WriteString(cgroup); }, requestor, victim, DoneResult, cancellationToken);

    /// <summary>MovePidAbsScm: moves <paramref name="victim"/> into a cgroup given from the caller's (the proxy's) cgroup.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The target cgroup.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="victim">Credential #2 (its pid counts).</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when done.</returns>
    public Task MovePidAbsScmAsync(string controller, string cgroup, PeerCredentials requestor, PeerCredentials victim, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.MovePidAbsScm, w => { w.WriteString(controller); w.WriteString(cgroup); }, requestor, victim, DoneResult, cancellationToken);

    /// <summary>GetValueScm on behalf of <paramref name="requestor"/>.</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="key">The file.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The value.</returns>
    public Task<string> GetValueScmAsync(string controller, string cgroup, string key, PeerCredentials requestor, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.GetValueScm, w => { w.WriteString(controller); w.WriteString(cgroup); w.WriteString(key); }, requestor, null,
            static c => c.ReadStringResult(), cancellationToken);

    /// <summary>SetValueScm on behalf of <paramref name="requestor"/>.</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="key">The file.</param>
    /// <param name="value">The value.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when done.</returns>
    public Task SetValueScmAsync(string controller, string cgroup, string key, string value, PeerCredentials requestor, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.SetValueScm, w => { w.WriteString(controller); w.WriteString(cgroup); w.WriteString(key); w.WriteString(value); },
            requestor, null, DoneResult, cancellationToken);

    /// <summary>RemoveScm on behalf of <paramref name="requestor"/>.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="recursive">Remove descendants first.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>Whether it existed ('2' = existed and removed, '1' = did not exist).</returns>
    public Task<RemoveResult> RemoveScmAsync(string controller, string cgroup, bool recursive, PeerCredentials requestor, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.RemoveScm, w => { w.WriteString(controller); w.WriteString(cgroup); w.WriteInt32(recursive ? 1 : 0); }, requestor, null,
            static c => c.ReadByteResult() == ScmEncoding.Existed ? RemoveResult.Removed : RemoveResult.DidNotExist, cancellationToken);

    /// <summary>GetTasksScm: pids arrive as credentials, translated into this process's pid namespace (0 = not visible here).</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The pids, in the daemon's order.</returns>
    public Task<IReadOnlyList<int>> GetTasksScmAsync(string controller, string cgroup, PeerCredentials requestor, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.GetTasksScm, w => { w.WriteString(controller); w.WriteString(cgroup); }, requestor, null, PidsResult, cancellationToken);

    /// <summary>GetTasksRecursiveScm, as <see cref="GetTasksScmAsync"/> over the whole subtree.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The pids.</returns>
    public Task<IReadOnlyList<int>> GetTasksRecursiveScmAsync(string controller, string cgroup, PeerCredentials requestor, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.GetTasksRecursiveScm, w => { w.WriteString(controller); w.WriteString(cgroup); }, requestor, null, PidsResult, cancellationToken);

    /// <summary>ListChildrenScm on behalf of <paramref name="requestor"/>.</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The child names.</returns>
    public Task<IReadOnlyList<string>> ListChildrenScmAsync(string controller, string cgroup, PeerCredentials requestor, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.ListChildrenScm, w => { w.WriteString(controller); w.WriteString(cgroup); }, requestor, null, static c =>
        {
            int count = c.ReadCount();
            return count == 0 ? [] : c.Decode(() => ScmEncoding.ReadChildren(c.ReadBlob(), count));
        }, cancellationToken);

    /// <summary>RemoveOnEmptyScm on behalf of <paramref name="requestor"/>.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when done.</returns>
    public Task RemoveOnEmptyScmAsync(string controller, string cgroup, PeerCredentials requestor, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.RemoveOnEmptyScm, w => { w.WriteString(controller); w.WriteString(cgroup); }, requestor, null, DoneResult, cancellationToken);

    /// <summary>PruneScm on behalf of <paramref name="requestor"/>.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when done.</returns>
    public Task PruneScmAsync(string controller, string cgroup, PeerCredentials requestor, CancellationToken cancellationToken = default) =>
        ScmAsync(CompatApi.PruneScm, w => { w.WriteString(controller); w.WriteString(cgroup); }, requestor, null, DoneResult, cancellationToken);

    /// <summary>ListKeysScm: ids are translated into <paramref name="requestor"/>'s user namespace.</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="requestor">Credential #1.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The keys.</returns>
    public Task<IReadOnlyList<CgroupKey>> ListKeysScmAsync(string controller, string cgroup, PeerCredentials requestor, CancellationToken cancellationToken = default) =>
        ScmAsync<IReadOnlyList<CgroupKey>>(CompatApi.ListKeysScm, w => { w.WriteString(controller); w.WriteString(cgroup); }, requestor, null, static c =>
        {
            int count = c.ReadCount();
            return count == 0 ? [] : c.Decode(() => ScmEncoding.ReadKeys(c.ReadBlob(), count)).Select(k => new CgroupKey(k.Name, k.Uid, k.Gid, k.Mode)).ToList();
        }, cancellationToken);

    private static bool DoneResult(ScmChannel channel) => channel.ReadByteResult() == ScmEncoding.Done
        ? true
        : throw new CgManagerException(CgManagerErrorNames.ScmProtocol, "Scm side channel: '2' is not a result of this method");

    private static IReadOnlyList<int> PidsResult(ScmChannel channel) => channel.ReadPids(channel.ReadCount());

    /// <summary>
    /// The exchange of spec §4.4: call with the fd (and wait for the reply, which comes after the first
    /// kick is queued), then kick, credential #1, [kick, credential #2], result; each wait with a deadline.
    /// </summary>
    private async Task<T> ScmAsync<T>(WireMethod method, Action<MessageWriter> writeArgs, PeerCredentials requestor,
        PeerCredentials? victim, Func<ScmChannel, T> readResult, CancellationToken cancellationToken)
    {
        string member = method.Name;
        if (!_connection.UnixFdsEnabled)
        {
            throw new CgManagerException(CgManagerErrorNames.NotSupported,
                $"{member}: the daemon did not agree to pass unix fds, so Scm calls are impossible on this connection", member);
        }

        using var channel = ScmChannel.Create(member, _options.ScmStepTimeout);
        using (await SendAsync(method, w =>
        {
            writeArgs(w);
            w.WriteUnixFdIndex(0);
        }, cancellationToken, [channel.TheirEnd]).ConfigureAwait(false))
        {
        }

        channel.CloseTheirEnd();
        channel.BindCancellation(cancellationToken);
        return await Task.Run(() =>
        {
            channel.WaitForKick("first");
            channel.SendCredential(requestor, "requestor");
            if (victim is { } second)
            {
                channel.WaitForKick("second");
                channel.SendCredential(second, "second");
            }

            return readResult(channel);
        }, CancellationToken.None).ConfigureAwait(false);
    }
}
