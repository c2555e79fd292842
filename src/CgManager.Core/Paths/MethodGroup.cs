namespace CgManager.Core.Paths;

/// <summary>How a method interprets its cgroup argument (spec §2.3, one row each).</summary>
public enum MethodGroup
{
    /// <summary>GetValue, SetValue, GetTasks, GetTasksRecursive, ListChildren, ListKeys: relative to own, or absolute from the root, confined under the proxy.</summary>
    Lookup,

    /// <summary>Create: relative to own; a leading slash is ignored; "" is a no-op.</summary>
    Creation,

    /// <summary>Chown, Chmod: relative to own; a leading slash is ignored; "" is own.</summary>
    Owner,

    /// <summary>Remove, RemoveOnEmpty, Prune: relative to own; a leading slash is ignored; "" is own.</summary>
    Removal,

    /// <summary>MovePid: relative to own (systemd-adjusted); a leading slash is refused.</summary>
    MovePid,

    /// <summary>MovePidAbs: relative to the proxy's cgroup (systemd-adjusted); a leading slash is just a separator.</summary>
    MovePidAbs,
}
