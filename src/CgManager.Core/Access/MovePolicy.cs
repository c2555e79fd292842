using CgManager.Core.Paths;

namespace CgManager.Core.Access;

/// <summary>Who may move which task where: MovePid and MovePidAbs (spec §2.6, §3.7, §3.8, §11).</summary>
public static class MovePolicy
{
    /// <summary>
    /// <c>may_move_pid</c>, fixed: v must be visible in r's pid namespace, and then one of: v is r; r is
    /// host root; v's real uid is r's uid; r is root in its user namespace and v's real uid is mapped there.
    /// </summary>
    public static Decision MayMovePid(Requestor requestor, VictimFacts victim)
    {
        ArgumentNullException.ThrowIfNull(requestor);
        if (!victim.InRequestorPidNamespace)
        {
            return Decision.DenyPermission($"task {victim.Pid} is not in the requestor's pid namespace");
        }

        if (requestor.Pid == victim.Pid || requestor.IsHostRoot || requestor.Uid == victim.RealUid)
        {
            return Decision.Allow;
        }

        if (requestor.IsRootInOwnUserNamespace && requestor.MapsUid(victim.RealUid))
        {
            return Decision.Allow;
        }

        return Decision.DenyPermission(
            $"uid {requestor.Uid} may not move task {victim.Pid}, owned by uid {victim.RealUid}");
    }

    /// <summary>
    /// In each hierarchy, v's current cgroup must be the move base or beneath it, by whole components (S-2):
    /// a requestor in <c>/a</c> cannot move a task out of the sibling <c>/ab</c>.
    /// </summary>
    /// <param name="victimPid">v's pid, for the reason text.</param>
    /// <param name="victimCgroup">v's cgroup in this hierarchy.</param>
    /// <param name="moveBase"><see cref="ResolvedCgroup.Base"/> of the MovePid or MovePidAbs resolution.</param>
    public static Decision VictimUnderBase(int victimPid, CgroupPath victimCgroup, CgroupPath moveBase) =>
        victimCgroup.IsBeneathOrEqual(moveBase)
            ? Decision.Allow
            : Decision.DenyPermission($"task {victimPid} is in {victimCgroup}, which is not under {moveBase}");

    /// <summary>
    /// The S-7 rule, in one place: the proxy cgroup that MovePidAbs (and GetPidCgroupAbs) measure from,
    /// after the systemd allowance, to pass as <c>proxyCgroup</c> to <see cref="CgroupResolver.Resolve"/> or
    /// <see cref="PidCgroupFormatter.Absolute"/>.
    /// <list type="bullet">
    /// <item>Plain call: the daemon is p, and its base is the hierarchy root as it sees it. Kept for
    /// compatibility (S-7, used by pam_cgm to "escape"): any requestor in the daemon's pid namespace may move a
    /// task it may move into any cgroup whose task file it may write.</item>
    /// <item>Scm call by host root in the daemon's pid and user namespaces: the hierarchy root, too; host root
    /// may escape to anywhere below the daemon's root.</item>
    /// <item>Any other Scm call: the connection peer's cgroup; a container's tasks stay beneath its proxy.</item>
    /// </list>
    /// </summary>
    /// <param name="requestor">r.</param>
    /// <param name="style">Plain or Scm.</param>
    /// <param name="peerCgroup">The connection peer's (p's) cgroup in this hierarchy, unadjusted.</param>
    public static CgroupPath MovePidAbsProxyCgroup(Requestor requestor, CallStyle style, CgroupPath peerCgroup)
    {
        ArgumentNullException.ThrowIfNull(requestor);
        return style == CallStyle.Plain || requestor.IsHostRootInHostNamespaces ? CgroupPath.Root : peerCgroup;
    }
}
