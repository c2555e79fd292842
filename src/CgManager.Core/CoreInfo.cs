namespace CgManager.Core;

/// <summary>Facts about the implemented cgmanager API.</summary>
public static class CoreInfo
{
    /// <summary>The <c>api_version</c> property of the compat interface (spec §1.4).</summary>
    public const int ApiVersion = 10;
}
