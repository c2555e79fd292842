using CgManager.Contract;
using CgManager.DBus;
using CgManager.Linux.Sockets;

namespace CgManager.Client;

// The typed API calls (spec §3). Each goes out plain, or in its Scm form with this process as the
// requestor when UsesScm says so. Cgroup arguments are relative to the requestor's own cgroup.
public sealed partial class CgManagerClient
{
    /// <summary>Ping: succeeds when the daemon answers.</summary>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>A task that completes when the daemon has answered.</returns>
    public Task PingAsync(CancellationToken cancellationToken = default) =>
        CallAsync(CompatApi.Ping, w => w.WriteInt32(0), cancellationToken);

    /// <summary>The <c>api_version</c> property (10 for cgmanager 0.42 and this daemon).</summary>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>The API version.</returns>
    public Task<int> GetApiVersionAsync(CancellationToken cancellationToken = default) =>
        CallAsync(Bus.PropertiesGet, w =>
        {
            w.WriteString(InterfaceName);
            w.WriteString(CompatApi.ApiVersionProperty);
        }, static (ref MessageReader r) => r.ReadVariant() is { Signature: "i", Value: int v } ? v
            : throw new ProtocolException("api_version is not an int32"), cancellationToken);

    /// <summary>The hierarchies the daemon manages, one entry per hierarchy (<c>cpu,cpuacct</c>, <c>name=systemd</c>...).</summary>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>The controllers, in the daemon's order.</returns>
    public Task<IReadOnlyList<string>> ListControllersAsync(CancellationToken cancellationToken = default) =>
        CallAsync(CompatApi.ListControllers, static _ => { }, ReadStrings, cancellationToken);

    /// <summary>The cgroup of <paramref name="pid"/>, relative to the requestor's own (no leading slash; <c>/</c> if the same).</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="pid">The process, in this process's pid namespace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The relative path.</returns>
    public Task<string> GetPidCgroupAsync(string controller, int pid, CancellationToken cancellationToken = default) =>
        UsesScm ? GetPidCgroupScmAsync(controller, Self, Victim(pid), cancellationToken)
            : CallAsync(CompatApi.GetPidCgroup, w => { w.WriteString(controller); w.WriteInt32(pid); }, ReadString, cancellationToken);

    /// <summary>The cgroup of <paramref name="pid"/> from the daemon's (or proxy's) root, with a leading slash.</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="pid">The process, in this process's pid namespace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The absolute path.</returns>
    public Task<string> GetPidCgroupAbsAsync(string controller, int pid, CancellationToken cancellationToken = default) =>
        UsesScm ? GetPidCgroupAbsScmAsync(controller, Self, Victim(pid), cancellationToken)
            : CallAsync(CompatApi.GetPidCgroupAbs, w => { w.WriteString(controller); w.WriteInt32(pid); }, ReadString, cancellationToken);

    /// <summary>Creates a cgroup (and its missing parents) in each listed controller (<c>all</c> or a comma list allowed).</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup, relative to the requestor's.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Whether it was made or existed.</returns>
    public Task<CreateResult> CreateAsync(string controller, string cgroup, CancellationToken cancellationToken = default) =>
        UsesScm ? CreateScmAsync(controller, cgroup, Self, cancellationToken)
            : CallAsync(CompatApi.Create, w => { w.WriteString(controller); w.WriteString(cgroup); },
                static (ref MessageReader r) => r.ReadInt32() == 1 ? CreateResult.Existed : CreateResult.Created, cancellationToken);

    /// <summary>Gives a cgroup (and its delegation files) to <paramref name="uid"/>:<paramref name="gid"/>; -1 leaves one unchanged (plain form only).</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="uid">New owner.</param>
    /// <param name="gid">New group.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when done.</returns>
    public Task ChownAsync(string controller, string cgroup, int uid, int gid, CancellationToken cancellationToken = default) =>
        UsesScm ? ChownScmAsync(controller, cgroup, Self, new PeerCredentials(Self.Pid, unchecked((uint)uid), unchecked((uint)gid)), cancellationToken)
            : CallAsync(CompatApi.Chown, w => { w.WriteString(controller); w.WriteString(cgroup); w.WriteInt32(uid); w.WriteInt32(gid); }, cancellationToken);

    /// <summary>Changes the mode of a cgroup directory (<paramref name="file"/> empty) or of a file in it.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="file">A file in the cgroup, or "" for the directory.</param>
    /// <param name="mode">The permission bits, e.g. 0775 (octal).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when done.</returns>
    public Task ChmodAsync(string controller, string cgroup, string file, int mode, CancellationToken cancellationToken = default) =>
        UsesScm ? ChmodScmAsync(controller, cgroup, file, mode, Self, cancellationToken)
            : CallAsync(CompatApi.Chmod, w => { w.WriteString(controller); w.WriteString(cgroup); w.WriteString(file); w.WriteInt32(mode); }, cancellationToken);

    /// <summary>Moves a process into a cgroup below the requestor's (no leading slash).</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The target cgroup.</param>
    /// <param name="pid">The process, in this process's pid namespace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when done.</returns>
    public Task MovePidAsync(string controller, string cgroup, int pid, CancellationToken cancellationToken = default) =>
        UsesScm ? MovePidScmAsync(controller, cgroup, Self, Victim(pid), cancellationToken)
            : CallAsync(CompatApi.MovePid, w => { w.WriteString(controller); w.WriteString(cgroup); w.WriteInt32(pid); }, cancellationToken);

    /// <summary>Moves a process into a cgroup given from the daemon's (or proxy's) root.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The target cgroup, absolute.</param>
    /// <param name="pid">The process, in this process's pid namespace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when done.</returns>
    public Task MovePidAbsAsync(string controller, string cgroup, int pid, CancellationToken cancellationToken = default) =>
        UsesScm ? MovePidAbsScmAsync(controller, cgroup, Self, Victim(pid), cancellationToken)
            : CallAsync(CompatApi.MovePidAbs, w => { w.WriteString(controller); w.WriteString(cgroup); w.WriteInt32(pid); }, cancellationToken);

    /// <summary>Reads a cgroup file (trailing newlines removed).</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="key">The file, e.g. <c>memory.limit_in_bytes</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The value.</returns>
    public Task<string> GetValueAsync(string controller, string cgroup, string key, CancellationToken cancellationToken = default) =>
        UsesScm ? GetValueScmAsync(controller, cgroup, key, Self, cancellationToken)
            : CallAsync(CompatApi.GetValue, w => { w.WriteString(controller); w.WriteString(cgroup); w.WriteString(key); }, ReadString, cancellationToken);

    /// <summary>Writes a cgroup file.</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="key">The file.</param>
    /// <param name="value">The value (a newline is added if missing).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when done.</returns>
    public Task SetValueAsync(string controller, string cgroup, string key, string value, CancellationToken cancellationToken = default) =>
        UsesScm ? SetValueScmAsync(controller, cgroup, key, value, Self, cancellationToken)
            : CallAsync(CompatApi.SetValue, w => { w.WriteString(controller); w.WriteString(cgroup); w.WriteString(key); w.WriteString(value); }, cancellationToken);

    /// <summary>Removes a cgroup, with its descendants when <paramref name="recursive"/>.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="recursive">Remove descendants first.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Whether it existed.</returns>
    public Task<RemoveResult> RemoveAsync(string controller, string cgroup, bool recursive, CancellationToken cancellationToken = default) =>
        UsesScm ? RemoveScmAsync(controller, cgroup, recursive, Self, cancellationToken)
            : CallAsync(CompatApi.Remove, w => { w.WriteString(controller); w.WriteString(cgroup); w.WriteInt32(recursive ? 1 : 0); },
                static (ref MessageReader r) => r.ReadInt32() == 1 ? RemoveResult.Removed : RemoveResult.DidNotExist, cancellationToken);

    /// <summary>The tasks of a cgroup, sorted, without duplicates.</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The pids (in this process's pid namespace when sent in Scm form).</returns>
    public Task<IReadOnlyList<int>> GetTasksAsync(string controller, string cgroup, CancellationToken cancellationToken = default) =>
        UsesScm ? GetTasksScmAsync(controller, cgroup, Self, cancellationToken)
            : CallAsync(CompatApi.GetTasks, w => { w.WriteString(controller); w.WriteString(cgroup); }, ReadInt32s, cancellationToken);

    /// <summary>The tasks of a cgroup and all its descendants, sorted, without duplicates.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The pids.</returns>
    public Task<IReadOnlyList<int>> GetTasksRecursiveAsync(string controller, string cgroup, CancellationToken cancellationToken = default) =>
        UsesScm ? GetTasksRecursiveScmAsync(controller, cgroup, Self, cancellationToken)
            : CallAsync(CompatApi.GetTasksRecursive, w => { w.WriteString(controller); w.WriteString(cgroup); }, ReadInt32s, cancellationToken);

    /// <summary>The names of a cgroup's immediate children.</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The names, in the kernel's directory order.</returns>
    public Task<IReadOnlyList<string>> ListChildrenAsync(string controller, string cgroup, CancellationToken cancellationToken = default) =>
        UsesScm ? ListChildrenScmAsync(controller, cgroup, Self, cancellationToken)
            : CallAsync(CompatApi.ListChildren, w => { w.WriteString(controller); w.WriteString(cgroup); }, ReadStrings, cancellationToken);

    /// <summary>Marks a cgroup to be removed once it has no tasks and no children.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when done.</returns>
    public Task RemoveOnEmptyAsync(string controller, string cgroup, CancellationToken cancellationToken = default) =>
        UsesScm ? RemoveOnEmptyScmAsync(controller, cgroup, Self, cancellationToken)
            : CallAsync(CompatApi.RemoveOnEmpty, w => { w.WriteString(controller); w.WriteString(cgroup); }, cancellationToken);

    /// <summary>Removes every empty cgroup below (and including) a cgroup, marking busy ones for later removal.</summary>
    /// <param name="controller">Controller(s).</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when done.</returns>
    public Task PruneAsync(string controller, string cgroup, CancellationToken cancellationToken = default) =>
        UsesScm ? PruneScmAsync(controller, cgroup, Self, cancellationToken)
            : CallAsync(CompatApi.Prune, w => { w.WriteString(controller); w.WriteString(cgroup); }, cancellationToken);

    /// <summary>The files of a cgroup with owner, group and full mode.</summary>
    /// <param name="controller">One controller.</param>
    /// <param name="cgroup">The cgroup.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The keys, in the kernel's directory order.</returns>
    public Task<IReadOnlyList<CgroupKey>> ListKeysAsync(string controller, string cgroup, CancellationToken cancellationToken = default) =>
        UsesScm ? ListKeysScmAsync(controller, cgroup, Self, cancellationToken)
            : CallAsync(CompatApi.ListKeys, w => { w.WriteString(controller); w.WriteString(cgroup); }, ReadKeys, cancellationToken);

    /// <summary>A victim credential for a pid: our own ids, which the kernel lets us claim (cgproxy, being root, sends 0).</summary>
    private static PeerCredentials Victim(int pid) => new(pid, Self.Uid, Self.Gid);

    private static string ReadString(ref MessageReader r) => r.ReadString();

    private static IReadOnlyList<string> ReadStrings(ref MessageReader r) => r.ReadStringArray();

    private static IReadOnlyList<int> ReadInt32s(ref MessageReader r) => r.ReadInt32Array();

    private static IReadOnlyList<CgroupKey> ReadKeys(ref MessageReader r)
    {
        var items = new List<CgroupKey>();
        int end = r.ReadArrayStart('(');
        while (r.HasNext(end))
        {
            r.AlignStruct();
            items.Add(new CgroupKey(r.ReadString(), r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32()));
        }

        return items;
    }
}
