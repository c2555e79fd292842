namespace CgManager.Core.Paths;

/// <summary>
/// Names a client may not give a cgroup. <c>.cgm*</c> belongs to the daemon (its hidden v2 leaf
/// <c>.cgm_leaf</c>): a client-made one would be hidden like the daemon's. Kernel file names
/// (<c>tasks</c>, <c>cgroup.procs</c>, <c>memory.max</c>...) exist as files in every cgroup of a
/// hierarchy carrying the controller, or appear there once the controller is enabled or attached:
/// a directory of that name either cannot be made or blocks the controller later.
/// </summary>
public static class ReservedNames
{
    /// <summary>The prefix of every name the daemon keeps for itself.</summary>
    public const string DaemonPrefix = ".cgm";

    /// <summary>The v1 core files that carry no controller prefix.</summary>
    private static readonly string[] CoreFiles = ["tasks", "notify_on_release", "release_agent"];

    /// <summary>
    /// Every controller the kernel knows (v1 and v2), and <c>cgroup</c>: their files are named
    /// <c>controller.key</c>, also where the controller is not mounted yet.
    /// </summary>
    private static readonly string[] FilePrefixes =
    [
        "cgroup", "cpu", "cpuacct", "cpuset", "memory", "memsw", "devices", "freezer", "net_cls", "net_prio",
        "blkio", "io", "perf_event", "hugetlb", "pids", "rdma", "misc", "dmem",
    ];

    /// <summary>Why a client may not name a cgroup <paramref name="component"/> at all, or null.</summary>
    public static string? WhyReserved(string component) =>
        component.StartsWith(DaemonPrefix, StringComparison.Ordinal)
            ? $"'{component}': names starting with '{DaemonPrefix}' are reserved for the daemon"
            : null;

    /// <summary>
    /// Why a new cgroup may not be called <paramref name="component"/> in a hierarchy carrying
    /// <paramref name="controllers"/>, or null: it is (or would become) the name of a kernel file.
    /// </summary>
    public static string? WhyKernelFileName(string component, IEnumerable<string> controllers)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (CoreFiles.Contains(component, StringComparer.Ordinal))
        {
            return $"'{component}' is the name of a kernel file of every cgroup";
        }

        int dot = component.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            string prefix = component[..dot];
            if (FilePrefixes.Contains(prefix, StringComparer.Ordinal) || controllers.Contains(prefix, StringComparer.Ordinal))
            {
                return $"'{component}' is in the kernel's file namespace of the {prefix} controller ({prefix}.*)";
            }
        }

        return null;
    }
}
