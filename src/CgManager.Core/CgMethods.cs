using CgManager.Core.Paths;

namespace CgManager.Core;

/// <summary>Static facts about each method: its cgroup-argument group, whether it spans hierarchies, whether it takes pids.</summary>
public static class CgMethods
{
    /// <summary>The §2.3 group of a method that takes a cgroup argument.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The method takes no cgroup argument.</exception>
    public static MethodGroup GroupOf(CgMethod method) => method switch
    {
        CgMethod.GetValue or CgMethod.SetValue or CgMethod.GetTasks or CgMethod.GetTasksRecursive
            or CgMethod.ListChildren or CgMethod.ListKeys => MethodGroup.Lookup,
        CgMethod.Create => MethodGroup.Creation,
        CgMethod.Chown or CgMethod.Chmod => MethodGroup.Owner,
        CgMethod.Remove or CgMethod.RemoveOnEmpty or CgMethod.Prune => MethodGroup.Removal,
        CgMethod.MovePid => MethodGroup.MovePid,
        CgMethod.MovePidAbs => MethodGroup.MovePidAbs,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "method takes no cgroup argument"),
    };

    /// <summary>True for the methods that accept comma lists and <c>all</c> (spec §2.2).</summary>
    public static bool IsMultiHierarchy(CgMethod method) => method is CgMethod.Create or CgMethod.Chown
        or CgMethod.Chmod or CgMethod.MovePid or CgMethod.MovePidAbs or CgMethod.Remove
        or CgMethod.RemoveOnEmpty or CgMethod.Prune or CgMethod.GetTasksRecursive;

    /// <summary>
    /// True for the methods whose plain form deals in host pids, and so is refused from another pid
    /// namespace (spec §2.8, §11 S-10: GetTasks and GetTasksRecursive included).
    /// </summary>
    public static bool UsesPids(CgMethod method) => method is CgMethod.GetPidCgroup or CgMethod.GetPidCgroupAbs
        or CgMethod.MovePid or CgMethod.MovePidAbs or CgMethod.GetTasks or CgMethod.GetTasksRecursive;
}
