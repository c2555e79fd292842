namespace CgManager.Core.Access;

/// <summary>How the request arrived (spec §2.1).</summary>
public enum CallStyle
{
    /// <summary>A plain method: r is the connection's SO_PEERCRED, integer pids and ids are taken as host ids.</summary>
    Plain,

    /// <summary>An <c>*Scm</c> method: r (and v) arrive as kernel-translated SCM_CREDENTIALS; p is the connection peer.</summary>
    Scm,
}
