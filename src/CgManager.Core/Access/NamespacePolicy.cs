using CgManager.Core.Errors;

namespace CgManager.Core.Access;

/// <summary>
/// Which plain calls are refused from other namespaces (spec §2.8, §1.5, §11 S-10): a plain call carries
/// integer pids or ids that the daemon would read as host ids, which is meaningless (or worse) across
/// namespaces. Scm calls carry kernel-translated credentials and are never refused here.
/// </summary>
public static class NamespacePolicy
{
    /// <summary>
    /// Plain GetPidCgroup, GetPidCgroupAbs, MovePid, MovePidAbs, GetTasks and GetTasksRecursive need r in the
    /// daemon's pid namespace; plain Chown needs r in the daemon's user namespace.
    /// </summary>
    public static Decision MayCallPlain(CgMethod method, CallStyle style, NamespaceFacts requestorNamespaces)
    {
        if (style != CallStyle.Plain)
        {
            return Decision.Allow;
        }

        if (CgMethods.UsesPids(method) && !requestorNamespaces.SamePidNamespace)
        {
            return Decision.Deny(CgErrorKind.Namespace,
                $"plain {method} called from a different pid namespace; its pids would be read as host pids (use {method}Scm, e.g. through cgproxy)");
        }

        if (method == CgMethod.Chown && !requestorNamespaces.SameUserNamespace)
        {
            return Decision.Deny(CgErrorKind.Namespace,
                "plain Chown called from a different user namespace; its uid and gid would be read as host ids (use ChownScm, e.g. through cgproxy)");
        }

        return Decision.Allow;
    }
}
