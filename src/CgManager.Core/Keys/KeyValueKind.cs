namespace CgManager.Core.Keys;

/// <summary>What a <see cref="KeyValue"/> holds.</summary>
public enum KeyValueKind
{
    /// <summary>Text that is neither a plain number nor "max": a CPU list, a quota pair, device rules...</summary>
    Text,

    /// <summary>A non-negative integer (bytes, microseconds, a weight, a count).</summary>
    Number,

    /// <summary>No limit: "max", or -1 as cgroup v1 spells it.</summary>
    Max,

    /// <summary>A measurement that is not a whole number (a PSI average, in percent).</summary>
    Real,

    /// <summary>A read-only record of named values (<see cref="KeyValue.Fields"/>), nested for per-device figures.</summary>
    Fields,
}
