using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>
/// The directories one Create call made, in the order mkdir made them. An entry is added only when
/// mkdir itself succeeded (EEXIST means someone else's), never from the requested path, so the
/// undo can remove nothing this call did not make: not the caller's own cgroup, not an ancestor
/// that existed, not a sibling.
/// </summary>
internal sealed class CreationRecord
{
    private readonly List<(MountedHierarchy Hierarchy, CgroupPath Cgroup)> _made = [];
    private readonly List<(MountedHierarchy Hierarchy, CgroupPath Cgroup, string[] Controllers)> _enabled = [];

    public int Count => _made.Count;

    /// <summary>Whether this call made <paramref name="cgroup"/> in <paramref name="hierarchy"/>.</summary>
    public bool Made(MountedHierarchy hierarchy, CgroupPath cgroup) => _made.Contains((hierarchy, cgroup));

    /// <summary>Creates one directory; true (and recorded) only if this mkdir made it.</summary>
    public bool TryMake(MountedHierarchy hierarchy, CgroupPath cgroup, uint mode)
    {
        if (!KernelErrors.Do($"mkdir {hierarchy.Name}:{cgroup}", () => hierarchy.Root.TryCreateDirectory(hierarchy.PathOf(cgroup), mode)))
        {
            return false;
        }

        _made.Add((hierarchy, cgroup));
        return true;
    }

    /// <summary>Controllers this call turned on in <paramref name="cgroup"/>'s cgroup.subtree_control (v2), which an undo turns off.</summary>
    public void Enabled(MountedHierarchy hierarchy, CgroupPath cgroup, string[] controllers) => _enabled.Add((hierarchy, cgroup, controllers));

    /// <summary>
    /// Removes what was recorded, newest (deepest) first, with a plain rmdir: a directory someone
    /// filled meanwhile (a task or a child) stays, as it is no longer only ours. Then the controllers
    /// this call enabled are disabled again, deepest first, so a cgroup that existed is left as it was
    /// (on v2 a cgroup that distributes controllers can hold no processes: a failed Create must not
    /// take that from its caller); where the kernel keeps one (EBUSY), someone else uses it now.
    /// </summary>
    public void Undo()
    {
        for (int i = _made.Count - 1; i >= 0; i--)
        {
            var (hierarchy, cgroup) = _made[i];
            try
            {
                hierarchy.Root.RemoveDirectory(hierarchy.PathOf(cgroup));
            }
            catch (LinuxException)
            {
                // Someone moved a task in or made a child already; leave it rather than fail the cleanup.
            }
        }

        _made.Clear();
        for (int i = _enabled.Count - 1; i >= 0; i--)
        {
            var (hierarchy, cgroup, controllers) = _enabled[i];
            UnifiedControllers.TryDisable(hierarchy, cgroup, controllers);
        }

        _enabled.Clear();
    }
}
