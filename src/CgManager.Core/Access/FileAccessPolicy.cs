namespace CgManager.Core.Access;

/// <summary><c>may_access</c>: r's privilege over a cgroup directory or file (spec §2.5).</summary>
public static class FileAccessPolicy
{
    /// <summary>
    /// Decides, in order: no such file → deny; host root → allow; r is root in its user namespace and the
    /// owner is mapped there → allow; r is the owner → owner bits only; r's primary gid is the group → group
    /// bits only; otherwise the other bits. Execute bits, ACLs and supplementary groups are not consulted.
    /// </summary>
    /// <param name="requestor">r.</param>
    /// <param name="file">stat of the object, or null if it does not exist.</param>
    /// <param name="mode">What r wants: read, write or both.</param>
    /// <param name="what">The object, for the reason text, e.g. "/lxc/c1/tasks".</param>
    public static Decision MayAccess(Requestor requestor, FileFacts? file, AccessMode mode, string what)
    {
        ArgumentNullException.ThrowIfNull(requestor);
        if (file is not { } facts)
        {
            return Decision.Deny(CgErrorKind.NoSuchCgroup, $"{what} does not exist");
        }

        if (requestor.IsHostRoot)
        {
            return Decision.Allow;
        }

        if (requestor.IsRootInOwnUserNamespace && requestor.MapsUid(facts.Uid))
        {
            return Decision.Allow;
        }

        (uint bits, string whose) = requestor.Uid == facts.Uid ? ((facts.Mode >> 6) & 7, "owner")
            : requestor.Gid == facts.Gid ? ((facts.Mode >> 3) & 7, "group")
            : (facts.Mode & 7, "other");
        uint needed = ((mode & AccessMode.Read) != 0 ? 4u : 0u) | ((mode & AccessMode.Write) != 0 ? 2u : 0u);
        if ((bits & needed) == needed)
        {
            return Decision.Allow;
        }

        return Decision.DenyPermission(
            $"uid {requestor.Uid} (gid {requestor.Gid}) may not {Verb(mode)} {what}: {facts}, checked against the {whose} bits");
    }

    private static string Verb(AccessMode mode) => mode switch
    {
        AccessMode.Read => "read",
        AccessMode.Write => "write",
        _ => "read and write",
    };
}
