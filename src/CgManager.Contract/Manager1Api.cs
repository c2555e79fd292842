namespace CgManager.Contract;

/// <summary>
/// <c>org.linuxcontainers.cgmanager.Manager1</c>, the RFC's own API beside the compat one, on the same object
/// (docs/org.linuxcontainers.cgmanager.Manager1.xml). Errors have one name per reason (<see cref="ErrorTable.Manager1"/>).
/// </summary>
public static class Manager1Api
{
    /// <summary>The interface name.</summary>
    public const string Name = "org.linuxcontainers.cgmanager.Manager1";

    /// <summary>The <c>Version</c> property (uint32).</summary>
    public const uint Version = 1;

    /// <summary>The name of the <see cref="Version"/> property.</summary>
    public const string VersionProperty = "Version";

    /// <summary>The signal that reports watched events.</summary>
    public const string EventSignal = "Event";

    private static readonly WireArgument Cgroup = new("cgroup", "s");

    /// <summary>The <see cref="EventSignal"/> signal's arguments: cgroup, event name, value.</summary>
    public static IReadOnlyList<WireArgument> EventArgs { get; } = [Cgroup, new("event", "s"), new("value", "v")];

#pragma warning disable CS1591 // the members are the methods of the interface, documented in docs/org.linuxcontainers.cgmanager.Manager1.xml
    public static readonly WireMethod Create = M("Create", [Cgroup, new("controllers", "as"), new("values", "a{sv}")], [new("created", "b")]);
    public static readonly WireMethod SetValues = M("SetValues", [Cgroup, new("values", "a{sv}")], []);
    public static readonly WireMethod GetValues = M("GetValues", [Cgroup, new("keys", "as")], [new("values", "a{sv}")]);
    public static readonly WireMethod GetTree = M("GetTree", [Cgroup, new("keys", "as"), new("depth", "i")], [new("cgroups", "a(sa{sv})")]);
    public static readonly WireMethod ListChildren = M("ListChildren", [Cgroup], [new("children", "as")]);
    public static readonly WireMethod ListTasks = M("ListTasks", [Cgroup, new("recursive", "b")], [new("pids", "ai")]);
    public static readonly WireMethod ListControllers = M("ListControllers", [Cgroup], [new("controllers", "as")]);
    public static readonly WireMethod Chown = M("Chown", [Cgroup, new("uid", "u"), new("gid", "u")], []);
    public static readonly WireMethod Delete = M("Delete", [Cgroup, new("force", "b")], []);
    public static readonly WireMethod Freeze = M("Freeze", [Cgroup], []);
    public static readonly WireMethod Thaw = M("Thaw", [Cgroup], []);
    public static readonly WireMethod Kill = M("Kill", [Cgroup, new("signal", "i")], [new("signalled", "i")]);
    public static readonly WireMethod MovePid = M("MovePid", [Cgroup, new("pid", "i")], []);
    public static readonly WireMethod MoveTask = M("MoveTask", [Cgroup, new("pidfd", "h")], []);
    public static readonly WireMethod Watch = M("Watch", [Cgroup, new("events", "as")], []);
    public static readonly WireMethod WatchPressure = M("WatchPressure", [Cgroup, new("trigger", "a{sv}")], []);
    public static readonly WireMethod Unwatch = M("Unwatch", [Cgroup], []);
    public static readonly WireMethod Delegate = M("Delegate", [Cgroup, new("uid", "u"), new("gid", "u"), new("options", "a{sv}")], [new("path", "s")]);
    public static readonly WireMethod Undelegate = M("Undelegate", [Cgroup, new("session", "s")], [new("removed", "as")]);
#pragma warning restore CS1591

    /// <summary>Every method, in introspection order.</summary>
    public static IReadOnlyList<WireMethod> Methods { get; } =
    [
        Create, SetValues, GetValues, ListChildren, ListTasks, ListControllers, Chown, Delete, Freeze, Thaw, Kill, MovePid,
        MoveTask, Watch, WatchPressure, Unwatch, Delegate, Undelegate, GetTree,
    ];

    private static WireMethod M(string name, WireArgument[] inArgs, WireArgument[] outArgs) => new(Name, name, inArgs, outArgs);
}
