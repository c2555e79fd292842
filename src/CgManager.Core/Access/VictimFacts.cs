namespace CgManager.Core.Access;

/// <summary>
/// The victim task v of MovePid/MovePidAbs: host pid, real uid (first number of "Uid:" in
/// /proc/PID/status), and whether r's pid namespace can see it. Its cgroup is per hierarchy and is passed
/// separately.
/// </summary>
public readonly record struct VictimFacts(int Pid, uint RealUid, bool InRequestorPidNamespace);
