using CgManager.Core.Errors;

namespace CgManager.Core.Operations;

/// <summary>
/// The Manager1 operations that speak the requestor's own language: pids and ids as the requestor sees them in
/// its namespaces, translated here (not at the D-Bus edge) before the shared operations of
/// <see cref="CgroupService"/> run on host pids and ids, and translated back in what they return.
/// </summary>
public sealed class Manager1Operations
{
    private readonly CgroupService _service;
    private readonly PidTranslator _pids;

    public Manager1Operations(CgroupService service, PidTranslator pids)
    {
        _service = service;
        _pids = pids;
    }

    /// <summary>Gives the cgroup, in every hierarchy, to ids of the requestor's own user namespace.</summary>
    public void Chown(Caller caller, string cgroup, uint uid, uint gid)
    {
        var (hostUid, hostGid) = HostIds(caller, uid, gid);
        _service.Ownership.ChownTranslated(caller, "all", cgroup, hostUid, hostGid);
    }

    /// <summary>The tasks, as pids of the requestor's pid namespace, sorted; tasks it cannot see are left out.</summary>
    public IReadOnlyList<int> ListTasks(Caller caller, string cgroup, bool recursive) =>
        _service.Tasks.ListTasksAll(caller, cgroup, recursive).Select(p => _pids.ToRequestor(caller, p)).OfType<int>().Order().ToArray();

    /// <summary>Moves a process named by its pid in the requestor's pid namespace.</summary>
    public void MovePid(Caller caller, string cgroup, int pid) => _service.Tasks.MoveTranslated(caller, cgroup, _pids.ToHost(caller, pid));

    /// <summary>A pid of the requestor's pid namespace as a host pid (Delegate's "pid" option).</summary>
    public int HostPid(Caller caller, int pid) => _pids.ToHost(caller, pid);

    /// <summary>Ids of the requestor's own user namespace as host ids (Chown, Delegate).</summary>
    public static (uint Uid, uint Gid) HostIds(Caller caller, uint uid, uint gid)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.Requestor.UidMap.TryMapToOutside(uid, out uint hostUid) || !caller.Requestor.GidMap.TryMapToOutside(gid, out uint hostGid))
        {
            throw new CgException(CgErrorKind.PermissionDenied, $"uid {uid} or gid {gid} is not mapped in the requestor's user namespace");
        }

        return (hostUid, hostGid);
    }
}
