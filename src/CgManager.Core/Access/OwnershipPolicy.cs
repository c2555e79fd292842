using CgManager.Core.Errors;

namespace CgManager.Core.Access;

/// <summary>Chown and Chmod (spec §3.6, §5.1, §11.3).</summary>
public static class OwnershipPolicy
{
    /// <summary>The uid or gid value (-1) that chown(2) reads as "leave unchanged".</summary>
    public const uint Unchanged = uint.MaxValue;

    /// <summary>
    /// Whether r may give cgroups away at all: plain Chown only from the daemon's user namespace; r must be host
    /// root or root in its own user namespace (otherwise the call fails outright, even for a list); and a
    /// requestor from another user namespace may only give them to a uid and gid mapped into its namespace.
    /// </summary>
    /// <param name="requestor">r.</param>
    /// <param name="style">Plain or Scm.</param>
    /// <param name="uid">Target host uid (<see cref="Unchanged"/> leaves it).</param>
    /// <param name="gid">Target host gid (<see cref="Unchanged"/> leaves it).</param>
    public static Decision MayChown(Requestor requestor, CallStyle style, uint uid, uint gid)
    {
        ArgumentNullException.ThrowIfNull(requestor);
        Decision ns = NamespacePolicy.MayCallPlain(CgMethod.Chown, style, requestor.Namespaces);
        if (!ns.IsAllowed)
        {
            return ns;
        }

        if (!requestor.IsHostRoot && !requestor.IsRootInOwnUserNamespace)
        {
            return Decision.DenyPermission(
                $"Chown needs host root or root in the requestor's user namespace, and uid {requestor.Uid} is neither");
        }

        if (!requestor.Namespaces.SameUserNamespace)
        {
            if (uid != Unchanged && !requestor.MapsUid(uid))
            {
                return Decision.DenyPermission($"uid {uid} is not mapped into the requestor's user namespace");
            }

            if (gid != Unchanged && !requestor.MapsGid(gid))
            {
                return Decision.DenyPermission($"gid {gid} is not mapped into the requestor's user namespace");
            }
        }

        return Decision.Allow;
    }

    /// <summary>Per hierarchy, Chown and Chmod need read and write on the object (the directory, or <c>dir/file</c> for Chmod).</summary>
    public static Decision MayChangeOwnerOrMode(Requestor requestor, FileFacts? target, string what) =>
        FileAccessPolicy.MayAccess(requestor, target, AccessMode.ReadWrite, what);

    /// <summary>Checks a target uid and gid given as plain Chown's int32 arguments: -1 or a non-negative id.</summary>
    /// <exception cref="CgException">InvalidArgument for other negative values.</exception>
    public static (uint Uid, uint Gid) ValidatePlainIds(int uid, int gid)
    {
        if (uid < -1 || gid < -1)
        {
            throw new CgException(CgErrorKind.InvalidArgument, $"uid {uid} / gid {gid}: ids must be -1 (unchanged) or non-negative");
        }

        return (unchecked((uint)uid), unchecked((uint)gid));
    }
}
