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

    /// <summary>
    /// Enables <paramref name="controllers"/> in every cgroup from <paramref name="top"/> to the parent of <paramref name="target"/>;
    /// what it turned on is noted in <paramref name="record"/> (when given), so a call that fails later can turn it off again.
    /// </summary>
    public static void EnableAlong(Requestor requestor, MountedHierarchy hierarchy, CgroupPath top, CgroupPath target, IReadOnlyList<string> controllers,
        CreationRecord? record = null)
    {
        if (controllers.Count == 0 || !target.IsStrictlyBeneath(top))
        {
            return;
        }

        target.TryGetRelativeTo(top, out var relative);
        var cgroup = top;
        foreach (var component in relative.Components)
        {
            Enable(requestor, hierarchy, cgroup, controllers, record);
            cgroup = cgroup.Append(component);
        }
    }

    /// <summary>
    /// Enables <paramref name="controllers"/> in <paramref name="cgroup"/>'s own cgroup.subtree_control (a delegation's top, for its
    /// children); what it turned on is noted in <paramref name="record"/> (when given), as <see cref="EnableAlong"/> does.
    /// </summary>
    public static void EnableIn(Requestor requestor, MountedHierarchy hierarchy, CgroupPath cgroup, IReadOnlyList<string> controllers, CreationRecord? record = null) =>
        Enable(requestor, hierarchy, cgroup, controllers, record);

    /// <summary>
    /// Turns off what <see cref="EnableAlong"/> turned on in <paramref name="cgroup"/>, during an undo. Left as it is when the
    /// kernel keeps it (EBUSY: a child enabled it further down meanwhile, so someone else relies on it now), the cgroup is
    /// gone, or the write fails otherwise: an undo goes on with the rest rather than fail over its own cleanup.
    /// </summary>
    public static void TryDisable(MountedHierarchy hierarchy, CgroupPath cgroup, IReadOnlyList<string> controllers)
    {
        try
        {
            hierarchy.Root.WriteText(hierarchy.PathOf(cgroup, SubtreeControl), string.Join(' ', controllers.Select(c => "-" + c)));
        }
        catch (LinuxException)
        {
            // see above: kept by the kernel or gone
        }
    }

    /// <summary>Enables what of <paramref name="controllers"/> is not enabled yet, noting in <paramref name="record"/> what it turned on.</summary>
    private static void Enable(Requestor requestor, MountedHierarchy hierarchy, CgroupPath cgroup, IReadOnlyList<string> controllers, CreationRecord? record)
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

        record?.Enabled(hierarchy, cgroup, missing);
    }

    private static HashSet<string> Words(string text) =>
        new(text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
