namespace CgManager.Client;

/// <summary>
/// When the typed methods of <see cref="CgManagerClient"/> use the Scm form of a call
/// (identities passed as kernel credentials over a side channel, spec §4) instead of the plain one.
/// </summary>
public enum ScmMode
{
    /// <summary>
    /// Decide once at connect time with <see cref="CgManagerClient.ShouldUseScm"/>: plain when a proxy is
    /// present (a <c>cgmanager.lower</c> folder beside the socket's folder) or when this process is in the
    /// initial pid and user namespaces; Scm otherwise.
    /// </summary>
    Auto = 0,

    /// <summary>Always use the Scm form where one exists (Ping, ListControllers and api_version have none).</summary>
    Always = 1,

    /// <summary>Never use the Scm form; plain calls only.</summary>
    Never = 2,
}
