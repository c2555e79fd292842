using CgManager.DBus;
using CgManager.DBus.Server;

namespace CgManager.Daemon;

/// <summary>
/// The shape of org.linuxcontainers.cgmanager0_0 (spec §3.1): every method with its argument
/// names as the reference introspects them. Handlers are bound by the daemon;
/// a method without one replies with a clear "not supported" error.
/// </summary>
internal static class CompatInterface
{
    public const string Name = "org.linuxcontainers.cgmanager0_0";
    public const string ObjectPath = "/org/linuxcontainers/cgmanager";

    private static readonly Argument Controller = new("controller", "s");
    private static readonly Argument Cgroup = new("cgroup", "s");
    private static readonly Argument Pid = new("pid", "i");
    private static readonly Argument SockFd = new("sockfd", "h");
    private static readonly Argument OutString = new("output", "s");

    /// <summary>(name, in, out) of every method, in the reference's order.</summary>
    public static readonly (string Name, Argument[] In, Argument[] Out)[] Methods =
    [
        ("Ping", [new("junk", "i")], []),
        ("GetPidCgroup", [Controller, Pid], [OutString]),
        ("GetPidCgroupScm", [Controller, SockFd], []),
        ("GetPidCgroupAbs", [Controller, Pid], [OutString]),
        ("GetPidCgroupAbsScm", [Controller, SockFd], []),
        ("Create", [Controller, Cgroup], [new("existed", "i")]),
        ("CreateScm", [Controller, Cgroup, SockFd], []),
        ("Chown", [Controller, Cgroup, new("uid", "i"), new("gid", "i")], []),
        ("ChownScm", [Controller, Cgroup, SockFd], []),
        ("Chmod", [Controller, Cgroup, new("file", "s"), new("mode", "i")], []),
        ("ChmodScm", [Controller, Cgroup, new("file", "s"), new("mode", "i"), SockFd], []),
        ("MovePid", [Controller, Cgroup, Pid], []),
        ("MovePidScm", [Controller, Cgroup, SockFd], []),
        ("MovePidAbs", [Controller, Cgroup, Pid], []),
        ("MovePidAbsScm", [Controller, Cgroup, SockFd], []),
        ("GetValue", [Controller, Cgroup, new("key", "s")], [new("value", "s")]),
        ("GetValueScm", [Controller, Cgroup, new("key", "s"), SockFd], []),
        ("SetValue", [Controller, Cgroup, new("key", "s"), new("value", "s")], []),
        ("SetValueScm", [Controller, Cgroup, new("key", "s"), new("value", "s"), SockFd], []),
        ("Remove", [Controller, Cgroup, new("recursive", "i")], [new("existed", "i")]),
        ("RemoveScm", [Controller, Cgroup, new("recursive", "i"), SockFd], []),
        ("GetTasks", [Controller, Cgroup], [new("output", "ai")]),
        ("GetTasksScm", [Controller, Cgroup, SockFd], []),
        ("GetTasksRecursive", [Controller, Cgroup], [new("output", "ai")]),
        ("GetTasksRecursiveScm", [Controller, Cgroup, SockFd], []),
        ("ListChildren", [Controller, Cgroup], [new("output", "as")]),
        ("ListChildrenScm", [Controller, Cgroup, SockFd], []),
        ("RemoveOnEmpty", [Controller, Cgroup], []),
        ("RemoveOnEmptyScm", [Controller, Cgroup, SockFd], []),
        ("Prune", [Controller, Cgroup], []),
        ("PruneScm", [Controller, Cgroup, SockFd], []),
        ("ListControllers", [], [new("output", "as")]),
        ("ListKeys", [Controller, Cgroup], [new("output", "a(suuu)")]),
        ("ListKeysScm", [Controller, Cgroup, SockFd], []),
    ];

    public static InterfaceDefinition Build(IReadOnlyDictionary<string, MethodHandler> handlers, int apiVersion)
    {
        var iface = new InterfaceDefinition(Name);
        foreach (var (name, inArgs, outArgs) in Methods)
        {
            iface.Method(name, inArgs, outArgs, handlers.TryGetValue(name, out var handler) ? handler : NotSupported(name));
        }

        iface.Property(new PropertyDefinition("api_version", "i", () => apiVersion));
        return iface;
    }

    private static MethodHandler NotSupported(string name) =>
        (MethodContext context, ref MessageReader args, MessageWriter reply) =>
            throw new DBusErrorException(DBusErrorNames.InvalidArgs, $"not supported: {name} is not implemented by this daemon yet");
}
