namespace CgManager.Core.Keys.Conversions;

/// <summary>The four throttle limits of a device, in the order <c>io.max</c> lists them.</summary>
public enum IoLimitField
{
    /// <summary>Read bytes per second: v2 <c>rbps</c>, v1 <c>blkio.throttle.read_bps_device</c>.</summary>
    Rbps,

    /// <summary>Write bytes per second: v2 <c>wbps</c>, v1 <c>blkio.throttle.write_bps_device</c>.</summary>
    Wbps,

    /// <summary>Read operations per second: v2 <c>riops</c>, v1 <c>blkio.throttle.read_iops_device</c>.</summary>
    Riops,

    /// <summary>Write operations per second: v2 <c>wiops</c>, v1 <c>blkio.throttle.write_iops_device</c>.</summary>
    Wiops,
}
