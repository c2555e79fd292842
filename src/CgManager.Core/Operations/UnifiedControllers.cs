using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>
/// cgroup v2's "controllers along the path": a controller reaches a cgroup only if every ancestor
/// enables it in cgroup.subtree_control. A call that names controllers on the unified hierarchy
/// enables them in each cgroup from the requestor's own down to the target's parent — where the
/// requestor may write that file — and says precisely where the chain breaks otherwise.
/// </summary>
internal static class UnifiedControllers
{
    private const string SubtreeControl = "cgroup.subtree_control";
    private const string Available = "cgroup.controllers";

    /// <summary>The kernel controllers a controller argument names on this hierarchy (all of them for "all").</summary>
    public static IReadOnlyList<string> Named(MountedHierarchy hierarchy, string controllerArgument)
    {
        if (controllerArgument == Hierarchies.ControllerSelector.All)
        {
            return hierarchy.Model.Controllers;
        }

        return controllerArgument.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Where(token => hierarchy.Model.Controllers.Contains(token, StringComparer.Ordinal))
            .ToArray();
    }

    /// <summary>Enables <paramref name="controllers"/> in every cgroup from <paramref name="top"/> to the parent of <paramref name="target"/>.</summary>
    public static void EnableAlong(Requestor requestor, MountedHierarchy hierarchy, CgroupPath top, CgroupPath target, IReadOnlyList<string> controllers)
    {
        if (controllers.Count == 0 || !target.IsStrictlyBeneath(top))
        {
            return;
        }

        target.TryGetRelativeTo(top, out var relative);
        var cgroup = top;
        foreach (var component in relative.Components)
        {
            Enable(requestor, hierarchy, cgroup, controllers);
            cgroup = cgroup.Append(component);
        }
    }

    /// <summary>Enables <paramref name="controllers"/> in <paramref name="cgroup"/>'s own cgroup.subtree_control (a delegation's top, for its children).</summary>
    public static void EnableIn(Requestor requestor, MountedHierarchy hierarchy, CgroupPath cgroup, IReadOnlyList<string> controllers) =>
        Enable(requestor, hierarchy, cgroup, controllers);

    private static void Enable(Requestor requestor, MountedHierarchy hierarchy, CgroupPath cgroup, IReadOnlyList<string> controllers)
    {
        string what = $"{hierarchy.Name}:{cgroup}";
        var enabled = Words(KernelErrors.Do($"reading {what}/{SubtreeControl}", () => hierarchy.Root.ReadAllText(hierarchy.PathOf(cgroup, SubtreeControl))));
        var missing = controllers.Where(c => !enabled.Contains(c)).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        var available = Words(KernelErrors.Do($"reading {what}/{Available}", () => hierarchy.Root.ReadAllText(hierarchy.PathOf(cgroup, Available))));
        var absent = missing.Where(c => !available.Contains(c)).ToArray();
        if (absent.Length > 0)
        {
            throw new CgException(CgErrorKind.NotSupported,
                $"{string.Join(",", absent)} not available in {cgroup} (its parent does not enable it in {SubtreeControl})");
        }

        var file = hierarchy.Facts(hierarchy.PathOf(cgroup, SubtreeControl));
        var decision = FileAccessPolicy.MayAccess(requestor, file, AccessMode.Write, $"{what}/{SubtreeControl}");
        if (!decision.IsAllowed)
        {
            throw new CgException(CgErrorKind.PermissionDenied,
                $"{string.Join(",", missing)} is not enabled in {cgroup}/{SubtreeControl} and the requestor may not enable it ({decision.Reason})");
        }

        string change = string.Join(' ', missing.Select(c => "+" + c));
        try
        {
            hierarchy.Root.WriteText(hierarchy.PathOf(cgroup, SubtreeControl), change);
        }
        catch (LinuxException e) when (e.Errno == Errno.EBUSY)
        {
            throw new CgException(CgErrorKind.Busy,
                $"cannot enable {string.Join(",", missing)} in {cgroup}: it has processes of its own, and cgroup v2 lets only cgroups without processes distribute controllers (move them into a child first)");
        }
        catch (LinuxException e)
        {
            throw KernelErrors.ToCgException(e, $"enabling {change} in {what}/{SubtreeControl}");
        }
    }

    private static HashSet<string> Words(string text) =>
        new(text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
