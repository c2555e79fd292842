using CgManager.Core.Access;
using CgManager.Core.Errors;

namespace CgManager.Core.Paths;

/// <summary>
/// Turns a cgroup argument into the cgroup it names in one hierarchy, per method group (spec §2.3 with the
/// §11 fixes). Pure: existence is the caller's business (it opens the result beneath the hierarchy's fd).
/// </summary>
public static class CgroupResolver
{
    /// <summary>
    /// Resolves <paramref name="argument"/>.
    /// </summary>
    /// <param name="group">The method's group (<see cref="CgMethods.GroupOf"/>).</param>
    /// <param name="argument">The client's cgroup argument, unvalidated.</param>
    /// <param name="requestorCgroup">
    /// r's cgroup in this hierarchy, as read from /proc; for the MovePid group after the systemd allowance
    /// (<see cref="SystemdAdjustment"/>), which the caller decides because it needs kernel facts.
    /// </param>
    /// <param name="proxyCgroup">
    /// p's cgroup in this hierarchy after the systemd allowance. For plain calls p is r. For plain
    /// MovePidAbs and GetPidCgroupAbs p is the daemon, whose base is the hierarchy root: pass the value of
    /// <see cref="MovePolicy.MovePidAbsProxyCgroup"/>.
    /// </param>
    /// <returns>The target and its base.</returns>
    /// <exception cref="CgException">
    /// InvalidCgroupName for a malformed argument; PermissionDenied when a lookup names a cgroup outside the
    /// proxy's (the under-proxy check of §2.7, applied to ListKeys too per S-8).
    /// </exception>
    public static ResolvedCgroup Resolve(MethodGroup group, string argument, CgroupPath requestorCgroup, CgroupPath proxyCgroup)
    {
        CgroupArgument parsed = CgroupArgument.Parse(argument, group);
        return group switch
        {
            MethodGroup.Lookup => Lookup(parsed, requestorCgroup, proxyCgroup),
            MethodGroup.Creation => new ResolvedCgroup(requestorCgroup.Combine(parsed.Relative), requestorCgroup, IsNoOp: parsed.IsEmpty),
            MethodGroup.Owner or MethodGroup.Removal => new ResolvedCgroup(requestorCgroup.Combine(parsed.Relative), requestorCgroup, IsNoOp: false),
            MethodGroup.MovePid => Beneath(requestorCgroup, parsed),
            MethodGroup.MovePidAbs => Beneath(proxyCgroup, parsed),
            _ => throw new ArgumentOutOfRangeException(nameof(group), group, "unknown method group"),
        };
    }

    private static ResolvedCgroup Lookup(CgroupArgument parsed, CgroupPath requestorCgroup, CgroupPath confinement)
    {
        CgroupPath target = parsed.IsAbsolute ? parsed.Relative : requestorCgroup.Combine(parsed.Relative);
        ConfinementPolicy.UnderProxy(target, confinement).ThrowIfDenied();
        return new ResolvedCgroup(target, confinement, IsNoOp: false);
    }

    private static ResolvedCgroup Beneath(CgroupPath moveBase, CgroupArgument parsed) =>
        new(moveBase.Combine(parsed.Relative), moveBase, IsNoOp: false);
}
