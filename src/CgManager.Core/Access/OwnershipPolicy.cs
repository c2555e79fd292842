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
    public static Decision MayChown(Requestor requestor, CallStyle style, uint uid, uint gid) =>
        MayChown(requestor, style == CallStyle.Plain ? IdOrigin.HostIntegers : IdOrigin.Translated, uid, gid);

    /// <summary>As <see cref="MayChown(Requestor, CallStyle, uint, uint)"/>, by where the ids came from rather than how the call came.</summary>
    /// <param name="requestor">r.</param>
    /// <param name="origin">Whether the ids are integers to be read as host ids, or host ids by translation.</param>
    /// <param name="uid">Target host uid (<see cref="Unchanged"/> leaves it).</param>
    /// <param name="gid">Target host gid (<see cref="Unchanged"/> leaves it).</param>
    public static Decision MayChown(Requestor requestor, IdOrigin origin, uint uid, uint gid)
    {
        ArgumentNullException.ThrowIfNull(requestor);
        Decision ns = NamespacePolicy.MayCallPlain(CgMethod.Chown, origin == IdOrigin.HostIntegers ? CallStyle.Plain : CallStyle.Scm, requestor.Namespaces);
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

    /// <summary>
    /// The one rule for target ids given as int32 arguments, in every Chown form: -1 leaves that id unchanged
    /// where the ids travel as integers; through a proxy they travel as a kernel credential, which cannot say
    /// "unchanged", so there only real ids pass. Anything else negative is refused.
    /// </summary>
    /// <param name="uid">The uid argument.</param>
    /// <param name="gid">The gid argument.</param>
    /// <param name="unchangedAllowed">Whether -1 (<see cref="Unchanged"/>) can be carried to the kernel.</param>
    /// <exception cref="CgException">InvalidArgument for ids the form cannot carry.</exception>
    public static (uint Uid, uint Gid) TargetIds(int uid, int gid, bool unchangedAllowed)
    {
        if (uid < -1 || gid < -1)
        {
            throw new CgException(CgErrorKind.InvalidArgument, $"uid {uid} / gid {gid}: ids must be -1 (unchanged) or non-negative");
        }

        if (!unchangedAllowed && (uid < 0 || gid < 0))
        {
            throw new CgException(CgErrorKind.InvalidArgument,
                $"uid {uid} / gid {gid}: through the proxy, uid and gid must be ids (the kernel carries them as a credential, which cannot say \"unchanged\")");
        }

        return (unchecked((uint)uid), unchecked((uint)gid));
    }
}
