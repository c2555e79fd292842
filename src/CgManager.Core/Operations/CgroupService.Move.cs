using System.Globalization;
using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Folding;
using CgManager.Core.Hierarchies;
using CgManager.Core.Paths;
using CgManager.Linux;
using CgManager.Linux.Proc;

namespace CgManager.Core.Operations;

public sealed partial class CgroupService
{
    /// <summary>MovePid: moves task v (its whole thread group, §11.5) into a cgroup below r's own. Spec §3.7.</summary>
    public void MovePid(Caller caller, string controller, string cgroup, int victimPid) =>
        Move(CgMethod.MovePid, caller, controller, cgroup, victimPid);

    /// <summary>
    /// MovePidAbs: as MovePid, but relative to p's cgroup — for plain calls the daemon's root, so a
    /// host user may place its own tasks anywhere whose cgroup.procs it can write (S-7, kept). Spec §3.8.
    /// </summary>
    public void MovePidAbs(Caller caller, string controller, string cgroup, int victimPid) =>
        Move(CgMethod.MovePidAbs, caller, controller, cgroup, victimPid);

    /// <summary>The modern interface's move: the pid was translated from the requestor's view (or came as a pidfd), into every hierarchy.</summary>
    public void MoveTranslated(Caller caller, string cgroup, int hostPid)
    {
        // Every hierarchy where the cgroup exists (a cgroup is one name across them here).
        string where = string.Join(',', Existing(caller, cgroup).Select(e => e.Hierarchy.Model.Representative));
        Move(CgMethod.MovePid, caller, where, cgroup, hostPid, translated: true);
    }

    private void Move(CgMethod method, Caller caller, string controller, string cgroup, int victimPid, bool translated = false)
    {
        if (!translated)
        {
            RequirePlainAllowed(method, caller);
        }

        var (hierarchies, isList) = Select(controller, method);

        // Pin the victim: its status and cgroups are read while the pidfd holds it, and a victim that
        // died (its pid free for reuse) before the write is refused, never moved.
        using var pidfd = PinVictim(victimPid);
        // Host root may move any task it can see; only others need the victim's owner from /proc.
        uint victimUid = caller.Requestor.IsHostRoot ? 0 : _facts.StatusOf(victimPid).RealUid;
        // Read while pinned, and only when a rule below needs it: every task is under a root base.
        IReadOnlyList<CgroupMembership>? victimCgroups = null;
        CgroupPath VictimCgroupIn(MountedHierarchy h) =>
            MembershipResolver.Find(victimCgroups ??= _facts.CgroupsOf(victimPid), h.Model, victimPid);
        var victim = new VictimFacts(victimPid, victimUid,
            InRequestorPidNamespace: translated || caller.Style == CallStyle.Scm || caller.Requestor.Namespaces.SamePidNamespace);
        Allow(MovePolicy.MayMovePid(caller.Requestor, victim));

        var outcomes = ForEach(method, hierarchies, isList, hierarchy =>
        {
            var proxy = method == CgMethod.MovePidAbs
                ? MovePolicy.MovePidAbsProxyCgroup(caller.Requestor, caller.Style, ProxyCgroup(caller, hierarchy))
                : ProxyCgroup(caller, hierarchy);
            var own = method == CgMethod.MovePidAbs ? RequestorCgroup(caller, hierarchy) : AdjustedRequestorCgroup(caller, hierarchy);
            var resolved = CgroupResolver.Resolve(CgMethods.GroupOf(method), cgroup, own, proxy);
            if (!resolved.Base.IsRoot)
            {
                Allow(MovePolicy.VictimUnderBase(victimPid, VictimCgroupIn(hierarchy), resolved.Base));
            }

            var dir = RequireCgroup(hierarchy, resolved.Target);
            string what = $"{hierarchy.Name}:{resolved.Target}";
            Allow(FileAccessPolicy.MayAccess(caller.Requestor, dir, AccessMode.Read, what));
            string procs = hierarchy.PathOf(resolved.Target, "cgroup.procs");
            if (!caller.Requestor.IsHostRoot)
            {
                // Host root may write any file that exists, and an existing cgroup has cgroup.procs.
                Allow(FileAccessPolicy.MayAccess(caller.Requestor, hierarchy.Facts(procs), AccessMode.Write, what + "/cgroup.procs"));
            }

            if (hierarchy.IsUnified)
            {
                if (!caller.Requestor.IsHostRoot)
                {
                    RequireCommonAncestorWritable(caller, hierarchy, VictimCgroupIn(hierarchy), resolved.Target);
                }
                procs = hierarchy.PathOf(LeafCgroups.Ensure(hierarchy, resolved.Target), "cgroup.procs");
            }

            EnsureAlive(pidfd, victimPid);
            KernelErrors.Do($"moving {victimPid} to {what}", () =>
                hierarchy.Root.WriteText(procs, victimPid.ToString(CultureInfo.InvariantCulture)));
            return true;
        });
        MultiControllerFold.Unit(method, isList, outcomes);
    }

    /// <summary>
    /// cgroup v2's delegation rule, which the kernel applies to unprivileged writers but not to the
    /// daemon: a move needs write access to cgroup.procs of the common ancestor of source and target.
    /// Host root is not held to it, as the kernel does not hold root to it.
    /// </summary>
    private static void RequireCommonAncestorWritable(Caller caller, MountedHierarchy hierarchy, CgroupPath source, CgroupPath target)
    {
        var common = CgroupPath.Root;
        foreach (var (a, b) in source.Components.Zip(target.Components))
        {
            if (a != b)
            {
                break;
            }

            common = common.Append(a);
        }

        string procs = hierarchy.PathOf(common, "cgroup.procs");
        Allow(FileAccessPolicy.MayAccess(caller.Requestor, hierarchy.Facts(procs), AccessMode.Write,
            $"{hierarchy.Name}:{common}/cgroup.procs (the common ancestor of {source} and {target})"));
    }

    private static SafeFd PinVictim(int pid)
    {
        if (pid <= 0)
        {
            throw new CgException(CgErrorKind.NoSuchProcess, $"pid {pid} does not name a process");
        }

        try
        {
            return Sys.PidfdOpen(pid);
        }
        catch (LinuxException e) when (e.Errno == Errno.ESRCH)
        {
            throw new CgException(CgErrorKind.NoSuchProcess, $"process {pid} does not exist");
        }
        catch (LinuxException e)
        {
            throw KernelErrors.ToCgException(e, $"pinning process {pid}");
        }
    }

    private static void EnsureAlive(SafeFd pidfd, int pid)
    {
        try
        {
            Sys.PidfdSendSignal(pidfd, (Signal)0);
        }
        catch (LinuxException)
        {
            throw new CgException(CgErrorKind.NoSuchProcess, $"process {pid} exited during the request");
        }
    }
}
