using CgManager.Core.Paths;

namespace CgManager.Core.Operations;

/// <summary>What a cgroup the daemon makes gets from the start, whoever asked for it (Create or Delegate).</summary>
internal static class NewCgroups
{
    public const uint Mode = 0x1ed; // 0755, as the reference

    /// <summary>
    /// A new v1 cpuset cgroup starts with no cpus and no mems and could hold no task. The
    /// hierarchy-wide cgroup.clone_children is not ours to set, so the child gets its parent's here.
    /// </summary>
    public static void InheritCpuset(MountedHierarchy hierarchy, CgroupPath cgroup)
    {
        if (hierarchy.IsUnified || !hierarchy.Model.Controllers.Contains("cpuset"))
        {
            return;
        }

        foreach (var file in new[] { "cpuset.cpus", "cpuset.mems" })
        {
            string mine = hierarchy.PathOf(cgroup, file);
            if (KernelErrors.Do($"reading {hierarchy.Label(cgroup, file)}", () => hierarchy.Root.ReadAllText(mine)).Trim().Length == 0)
            {
                string parents = KernelErrors.Do($"reading {hierarchy.Label(cgroup.Parent, file)}",
                    () => hierarchy.Root.ReadAllText(hierarchy.PathOf(cgroup.Parent, file))).Trim();
                KernelErrors.Do($"writing {hierarchy.Label(cgroup, file)}", () => hierarchy.Root.WriteText(mine, parents + "\n"));
            }
        }
    }
}
