using CgManager.Core.Errors;
using CgManager.DBus.Server;

namespace CgManager.Daemon.Modern;

/// <summary>
/// org.linuxcontainers.cgmanager.Manager1: the RFC's own API beside the compat one, on the same
/// object. Described in docs/org.linuxcontainers.cgmanager.Manager1.xml. Errors have one name per
/// reason (org.linuxcontainers.cgmanager.Error.PermissionDenied, ...), with the same precise messages.
/// </summary>
internal static class ModernInterface
{
    public const string Name = "org.linuxcontainers.cgmanager.Manager1";
    public const string ErrorPrefix = "org.linuxcontainers.cgmanager.Error.";

    public static readonly DBusErrorTable Errors = new(Enum.GetValues<CgErrorKind>().ToDictionary(k => k, k => ErrorPrefix + k));

    private static readonly Argument Cgroup = new("cgroup", "s");

    public static readonly (string Name, Argument[] In, Argument[] Out)[] Methods =
    [
        ("Create", [Cgroup, new("controllers", "as"), new("values", "a{sv}")], [new("created", "b")]),
        ("SetValues", [Cgroup, new("values", "a{sv}")], []),
        ("GetValues", [Cgroup, new("keys", "as")], [new("values", "a{sv}")]),
        ("ListChildren", [Cgroup], [new("children", "as")]),
        ("ListTasks", [Cgroup, new("recursive", "b")], [new("pids", "ai")]),
        ("ListControllers", [Cgroup], [new("controllers", "as")]),
        ("Chown", [Cgroup, new("uid", "u"), new("gid", "u")], []),
        ("Delete", [Cgroup, new("force", "b")], []),
        ("Freeze", [Cgroup], []),
        ("Thaw", [Cgroup], []),
        ("Kill", [Cgroup, new("signal", "i")], [new("signalled", "i")]),
        ("MovePid", [Cgroup, new("pid", "i")], []),
        ("MoveTask", [Cgroup, new("pidfd", "h")], []),
        ("Watch", [Cgroup, new("events", "as")], []),
        ("Unwatch", [Cgroup], []),
        ("Delegate", [Cgroup, new("uid", "u"), new("gid", "u"), new("options", "a{sv}")], [new("path", "s")]),
        ("Undelegate", [Cgroup, new("session", "s")], [new("removed", "as")]),
    ];

    public static InterfaceDefinition Build(IReadOnlyDictionary<string, MethodHandler> handlers)
    {
        var iface = new InterfaceDefinition(Name);
        foreach (var (name, inArgs, outArgs) in Methods)
        {
            iface.Method(name, inArgs, outArgs, handlers[name]);
        }

        iface.Property(new PropertyDefinition("Version", "u", () => 1u));
        iface.Signal(new SignalDefinition("Event", [Cgroup, new("event", "s"), new("value", "v")]));
        return iface;
    }
}
