namespace CgManager.Core.Keys.Conversions;

/// <summary>One device's line of an <c>io.throttle</c> value: the limits to set (null: no limit), others unchanged.</summary>
public sealed record IoThrottleRequest(DeviceNumber Device, IReadOnlyDictionary<IoLimitField, ulong?> Limits);
