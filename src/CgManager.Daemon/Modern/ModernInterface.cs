using CgManager.DBus.Server;

namespace CgManager.Daemon.Modern;

/// <summary>
/// org.linuxcontainers.cgmanager.Manager1 as the daemon serves it: the contract's method table
/// (<see cref="Manager1Api"/>, docs/org.linuxcontainers.cgmanager.Manager1.xml) with the handlers of
/// <see cref="ModernHandlers"/>, the Version property and the Event signal.
/// </summary>
internal static class ModernInterface
{
    public static InterfaceDefinition Build(IReadOnlyDictionary<string, MethodHandler> handlers)
    {
        var iface = new InterfaceDefinition(Manager1Api.Name);
        foreach (var method in Manager1Api.Methods)
        {
            iface.Method(method.Name, Wire.Arguments(method.In), Wire.Arguments(method.Out), handlers[method.Name]);
        }

        iface.Property(new PropertyDefinition(Manager1Api.VersionProperty, "u", static () => Manager1Api.Version));
        iface.Signal(new SignalDefinition(Manager1Api.EventSignal, Wire.Arguments(Manager1Api.EventArgs)));
        return iface;
    }
}
