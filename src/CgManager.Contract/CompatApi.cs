namespace CgManager.Contract;

/// <summary>
/// <c>org.linuxcontainers.cgmanager0_0</c> (spec §3.1), as cgmanager 0.42 introspects it: every method with
/// its argument names and types, in the reference's order. Each plain method that takes identities has an
/// <c>...Scm</c> twin that takes the same leading arguments and a side-channel fd instead (spec §4).
/// </summary>
public static class CompatApi
{
    /// <summary>The interface name.</summary>
    public const string Name = "org.linuxcontainers.cgmanager0_0";

    /// <summary>The <c>api_version</c> property this daemon reports (10, as cgmanager 0.42).</summary>
    public const int ApiVersion = 10;

    /// <summary>The name of the read-only int32 property holding <see cref="ApiVersion"/>.</summary>
    public const string ApiVersionProperty = "api_version";

    private static readonly WireArgument Controller = new("controller", "s");
    private static readonly WireArgument Cgroup = new("cgroup", "s");
    private static readonly WireArgument Pid = new("pid", "i");
    private static readonly WireArgument SockFd = new("sockfd", "h");
    private static readonly WireArgument Output = new("output", "s");
    private static readonly WireArgument Key = new("key", "s");
    private static readonly WireArgument File = new("file", "s");
    private static readonly WireArgument Mode = new("mode", "i");
    private static readonly WireArgument Recursive = new("recursive", "i");
    private static readonly WireArgument Existed = new("existed", "i");

#pragma warning disable CS1591 // the members are the methods of the interface, documented in spec §3 and docs/cgm.1
    public static readonly WireMethod Ping = M("Ping", [new("junk", "i")], []);
    public static readonly WireMethod GetPidCgroup = M("GetPidCgroup", [Controller, Pid], [Output]);
    public static readonly WireMethod GetPidCgroupScm = M("GetPidCgroupScm", [Controller, SockFd], []);
    public static readonly WireMethod GetPidCgroupAbs = M("GetPidCgroupAbs", [Controller, Pid], [Output]);
    public static readonly WireMethod GetPidCgroupAbsScm = M("GetPidCgroupAbsScm", [Controller, SockFd], []);
    public static readonly WireMethod Create = M("Create", [Controller, Cgroup], [Existed]);
    public static readonly WireMethod CreateScm = M("CreateScm", [Controller, Cgroup, SockFd], []);
    public static readonly WireMethod Chown = M("Chown", [Controller, Cgroup, new("uid", "i"), new("gid", "i")], []);
    public static readonly WireMethod ChownScm = M("ChownScm", [Controller, Cgroup, SockFd], []);
    public static readonly WireMethod Chmod = M("Chmod", [Controller, Cgroup, File, Mode], []);
    public static readonly WireMethod ChmodScm = M("ChmodScm", [Controller, Cgroup, File, Mode, SockFd], []);
    public static readonly WireMethod MovePid = M("MovePid", [Controller, Cgroup, Pid], []);
    public static readonly WireMethod MovePidScm = M("MovePidScm", [Controller, Cgroup, SockFd], []);
    public static readonly WireMethod MovePidAbs = M("MovePidAbs", [Controller, Cgroup, Pid], []);
    public static readonly WireMethod MovePidAbsScm = M("MovePidAbsScm", [Controller, Cgroup, SockFd], []);
    public static readonly WireMethod GetValue = M("GetValue", [Controller, Cgroup, Key], [new("value", "s")]);
    public static readonly WireMethod GetValueScm = M("GetValueScm", [Controller, Cgroup, Key, SockFd], []);
    public static readonly WireMethod SetValue = M("SetValue", [Controller, Cgroup, Key, new("value", "s")], []);
    public static readonly WireMethod SetValueScm = M("SetValueScm", [Controller, Cgroup, Key, new("value", "s"), SockFd], []);
    public static readonly WireMethod Remove = M("Remove", [Controller, Cgroup, Recursive], [Existed]);
    public static readonly WireMethod RemoveScm = M("RemoveScm", [Controller, Cgroup, Recursive, SockFd], []);
    public static readonly WireMethod GetTasks = M("GetTasks", [Controller, Cgroup], [new("output", "ai")]);
    public static readonly WireMethod GetTasksScm = M("GetTasksScm", [Controller, Cgroup, SockFd], []);
    public static readonly WireMethod GetTasksRecursive = M("GetTasksRecursive", [Controller, Cgroup], [new("output", "ai")]);
    public static readonly WireMethod GetTasksRecursiveScm = M("GetTasksRecursiveScm", [Controller, Cgroup, SockFd], []);
    public static readonly WireMethod ListChildren = M("ListChildren", [Controller, Cgroup], [new("output", "as")]);
    public static readonly WireMethod ListChildrenScm = M("ListChildrenScm", [Controller, Cgroup, SockFd], []);
    public static readonly WireMethod RemoveOnEmpty = M("RemoveOnEmpty", [Controller, Cgroup], []);
    public static readonly WireMethod RemoveOnEmptyScm = M("RemoveOnEmptyScm", [Controller, Cgroup, SockFd], []);
    public static readonly WireMethod Prune = M("Prune", [Controller, Cgroup], []);
    public static readonly WireMethod PruneScm = M("PruneScm", [Controller, Cgroup, SockFd], []);
    public static readonly WireMethod ListControllers = M("ListControllers", [], [new("output", "as")]);
    public static readonly WireMethod ListKeys = M("ListKeys", [Controller, Cgroup], [new("output", "a(suuu)")]);
    public static readonly WireMethod ListKeysScm = M("ListKeysScm", [Controller, Cgroup, SockFd], []);
#pragma warning restore CS1591

    /// <summary>Every method, in the reference's introspection order.</summary>
    public static IReadOnlyList<WireMethod> Methods { get; } =
    [
        Ping, GetPidCgroup, GetPidCgroupScm, GetPidCgroupAbs, GetPidCgroupAbsScm, Create, CreateScm, Chown, ChownScm,
        Chmod, ChmodScm, MovePid, MovePidScm, MovePidAbs, MovePidAbsScm, GetValue, GetValueScm, SetValue, SetValueScm,
        Remove, RemoveScm, GetTasks, GetTasksScm, GetTasksRecursive, GetTasksRecursiveScm, ListChildren, ListChildrenScm,
        RemoveOnEmpty, RemoveOnEmptyScm, Prune, PruneScm, ListControllers, ListKeys, ListKeysScm,
    ];

    /// <summary>True for the <c>...Scm</c> forms, which carry a side-channel fd as their last argument.</summary>
    /// <param name="method">A method of this interface.</param>
    /// <returns>Whether it is an Scm form.</returns>
    public static bool IsScm(WireMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method.Name.EndsWith("Scm", StringComparison.Ordinal);
    }

    private static WireMethod M(string name, WireArgument[] inArgs, WireArgument[] outArgs) => new(Name, name, inArgs, outArgs);
}
