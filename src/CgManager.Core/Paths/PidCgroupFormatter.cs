using CgManager.Core.Errors;

namespace CgManager.Core.Paths;

/// <summary>The output of GetPidCgroup and GetPidCgroupAbs (spec §3.3, §3.4), with whole-component containment (S-2).</summary>
public static class PidCgroupFormatter
{
    /// <summary>
    /// GetPidCgroup: v's cgroup relative to r's (r not adjusted). <c>"/"</c> when equal, otherwise the
    /// remainder without a leading slash (r in <c>/a</c>, v in <c>/a/b/c</c> → <c>b/c</c>).
    /// </summary>
    /// <exception cref="CgException">PermissionDenied when v's cgroup is not r's or beneath it (e.g. r <c>/a</c>, v <c>/ab</c>).</exception>
    public static string Relative(CgroupPath victimCgroup, CgroupPath requestorCgroup)
    {
        if (!victimCgroup.TryGetRelativeTo(requestorCgroup, out CgroupPath rest))
        {
            throw new CgException(CgErrorKind.PermissionDenied,
                $"the task's cgroup {victimCgroup} is not under the requestor's cgroup {requestorCgroup}");
        }

        return rest.IsRoot ? "/" : rest.ToRelativeString();
    }

    /// <summary>
    /// GetPidCgroupAbs: v's cgroup relative to p's cgroup (passed after the systemd allowance). <c>"/"</c> when equal,
    /// otherwise the remainder with its leading slash (<c>/lxc/c1</c>). For plain calls pass the hierarchy root
    /// (the daemon is p), which yields the absolute path.
    /// </summary>
    /// <exception cref="CgException">PermissionDenied when v's cgroup is outside the proxy's.</exception>
    public static string Absolute(CgroupPath victimCgroup, CgroupPath proxyCgroup)
    {
        CgroupPath proxyBase = proxyCgroup;
        if (!victimCgroup.TryGetRelativeTo(proxyBase, out CgroupPath rest))
        {
            throw new CgException(CgErrorKind.PermissionDenied,
                $"the task's cgroup {victimCgroup} is not under the proxy's cgroup {proxyBase}");
        }

        return rest.ToString();
    }
}
