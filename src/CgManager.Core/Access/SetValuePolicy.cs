using CgManager.Core.Paths;

namespace CgManager.Core.Access;

/// <summary>The settings rules of SetValue beyond file modes (README "no settings on the root cgroup from a user namespace").</summary>
public static class SetValuePolicy
{
    /// <summary>
    /// A requestor in another user namespace may not change the cgroup it sits in or any cgroup above it, nor
    /// the top cgroup it is confined to (the proxy's adjusted cgroup): a container sets limits only on cgroups it
    /// made below its own, so the limits its host set on it stay put even if files were chowned to it.
    /// Requestors in the daemon's user namespace are judged by file modes alone.
    /// </summary>
    /// <param name="requestor">r.</param>
    /// <param name="target">The resolved SetValue cgroup.</param>
    /// <param name="requestorCgroup">r's cgroup in this hierarchy (unadjusted).</param>
    /// <param name="proxyCgroup">p's cgroup in this hierarchy, after the systemd allowance.</param>
    public static Decision MaySetValue(Requestor requestor, CgroupPath target, CgroupPath requestorCgroup, CgroupPath proxyCgroup)
    {
        ArgumentNullException.ThrowIfNull(requestor);
        if (requestor.Namespaces.SameUserNamespace)
        {
            return Decision.Allow;
        }

        if (requestorCgroup.IsBeneathOrEqual(target))
        {
            return Decision.DenyPermission(
                $"from a user namespace, SetValue may not change {target}: the requestor sits in {requestorCgroup}, which is {(requestorCgroup == target ? "that cgroup" : "below it")}");
        }

        CgroupPath top = proxyCgroup;
        if (!target.IsStrictlyBeneath(top))
        {
            return Decision.DenyPermission(
                $"from a user namespace, SetValue may only change cgroups below {top}, not {target}");
        }

        return Decision.Allow;
    }
}
