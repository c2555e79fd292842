namespace CgManager.Bench.Workers;

/// <summary>The cycle of issue #8, step by step, with the value it sets and expects back.</summary>
internal static class CycleSteps
{
    public const string Controller = "memory";
    public const string LimitKey = "memory.limit_in_bytes";
    public const string LimitValue = "64M";
    public const string LimitReadBack = "67108864";

    /// <summary>Daemon method names; the floor does the same on cgroupfs.</summary>
    public static readonly string[] Methods = ["Create", "SetValue", "GetValue", "MovePid", "MovePid(back)", "Remove"];

    public static readonly string[] FloorSteps = ["mkdir", "write limit", "read limit", "write procs", "write procs(back)", "rmdir"];
}
