namespace CgManager.Core.Access;

/// <summary>Where a Chown's target ids come from: that decides whether they can be trusted as host ids.</summary>
public enum IdOrigin
{
    /// <summary>Int32 arguments of a plain compat call: read as host ids, so only a requestor in the daemon's user namespace may give them.</summary>
    HostIntegers,

    /// <summary>Already host ids by translation: the kernel's (an Scm credential) or the daemon's own (Manager1 maps them out of the requestor's namespace).</summary>
    Translated,
}
