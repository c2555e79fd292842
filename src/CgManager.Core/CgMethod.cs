namespace CgManager.Core;

/// <summary>The cgroup methods of the compat interface (spec §3.1); plain and Scm forms share one value.</summary>
public enum CgMethod
{
    Ping,
    GetPidCgroup,
    GetPidCgroupAbs,
    Create,
    Chown,
    Chmod,
    MovePid,
    MovePidAbs,
    GetValue,
    SetValue,
    Remove,
    GetTasks,
    GetTasksRecursive,
    ListChildren,
    RemoveOnEmpty,
    Prune,
    ListControllers,
    ListKeys,
}
