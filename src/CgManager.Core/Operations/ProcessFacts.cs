using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Linux;
using CgManager.Linux.Proc;
using CgManager.Linux.Sockets;

namespace CgManager.Core.Operations;

/// <summary>A process's user-namespace maps and its namespaces relative to the daemon's.</summary>
public sealed record ProcessIdentity(IdMap UidMap, IdMap GidMap, NamespaceFacts Namespaces);

/// <summary>
/// Kernel facts about processes, read from /proc at the moment of a request (DESIGN: stateless
/// about clients). A process that has gone is a precise <see cref="CgException"/>.
/// </summary>
public sealed class ProcessFacts
{
    private readonly ProcFs _proc;
    private readonly NamespaceId _pidNamespace;
    private readonly NamespaceId _userNamespace;

    public ProcessFacts(ProcFs proc)
    {
        _proc = proc;
        _pidNamespace = proc.GetSelfNamespaceId(NamespaceKind.Pid);
        _userNamespace = proc.GetSelfNamespaceId(NamespaceKind.User);
    }

    public ProcFs Proc => _proc;

    /// <summary>Maps and namespaces of <paramref name="pid"/>; constant for a process's life unless it calls setns/unshare.</summary>
    public ProcessIdentity IdentityOf(int pid) => Read(pid, () =>
    {
        var namespaces = new NamespaceFacts(
            SamePidNamespace: _proc.GetNamespaceId(pid, NamespaceKind.Pid) == _pidNamespace,
            SameUserNamespace: _proc.GetNamespaceId(pid, NamespaceKind.User) == _userNamespace);
        return namespaces.SameUserNamespace
            ? new ProcessIdentity(IdMap.Identity, IdMap.Identity, namespaces)
            : new ProcessIdentity(_proc.ReadUidMap(pid), _proc.ReadGidMap(pid), namespaces);
    });

    public static Requestor RequestorOf(PeerCredentials credentials, ProcessIdentity identity) =>
        new(credentials.Pid, credentials.Uid, credentials.Gid, identity.UidMap, identity.GidMap, identity.Namespaces);

    /// <summary>The /proc/PID/cgroup lines of a process.</summary>
    public IReadOnlyList<CgroupMembership> CgroupsOf(int pid) => Read(pid, () => _proc.ReadCgroups(pid));

    /// <summary>/proc/PID/cgroup held open, for a process asked about on every request (a connection's peer).</summary>
    public ProcessCgroupFile OpenCgroups(int pid) => Read(pid, () => _proc.OpenCgroups(pid));

    /// <summary>The cgroups of <paramref name="pid"/> now, through its open file.</summary>
    public static IReadOnlyList<CgroupMembership> CgroupsOf(int pid, ProcessCgroupFile file) => Read(pid, file.Read);

    public ProcStatus StatusOf(int pid) => Read(pid, () => _proc.ReadStatus(pid));

    private static T Read<T>(int pid, Func<T> read)
    {
        if (pid <= 0)
        {
            throw new CgException(CgErrorKind.NoSuchProcess, $"pid {pid} does not name a process the daemon can see");
        }

        try
        {
            return read();
        }
        catch (LinuxException e) when (e.Errno == Errno.ESRCH || e.Errno == Errno.ENOENT)
        {
            throw new CgException(CgErrorKind.NoSuchProcess, $"process {pid} does not exist");
        }
        catch (LinuxException e)
        {
            throw new CgException(CgErrorKind.Failed, $"reading /proc/{pid}: {e.Message}");
        }
        catch (FormatException e)
        {
            throw new CgException(CgErrorKind.Failed, $"reading /proc/{pid}: {e.Message}");
        }
    }
}
