using CgManager.Contract;
using CgManager.DBus.Server;

namespace CgManager.Daemon.Compat;

/// <summary>
/// org.linuxcontainers.cgmanager0_0 (spec §3.1) as this process serves it, built from the contract's method
/// table (<see cref="CompatApi"/>) and the one binding per method (<see cref="CompatMethods"/>): as the daemon
/// (plain and Scm forms run here) or as a proxy (plain forms go upstream as Scm; Scm forms are refused, so that
/// a proxy never speaks for another proxy).
/// </summary>
internal static class CompatInterface
{
    public static InterfaceDefinition ForDaemon(CompatEdge edge)
    {
        var handlers = new Dictionary<string, MethodHandler>(StringComparer.Ordinal);
        foreach (var binding in CompatMethods.All)
        {
            handlers[binding.Plain.Name] = binding.Serve(edge);
            if (binding.Scm is { } scm)
            {
                handlers[scm.Name] = binding.ServeScm(edge);
            }
        }

        return Build(handlers);
    }

    public static InterfaceDefinition ForProxy(ProxyEdge edge)
    {
        var handlers = new Dictionary<string, MethodHandler>(StringComparer.Ordinal);
        foreach (var binding in CompatMethods.All)
        {
            handlers[binding.Plain.Name] = binding.Forward(edge);
            if (binding.Scm is { } scm)
            {
                handlers[scm.Name] = (MethodContext context, ref DBus.MessageReader args, DBus.MessageWriter reply) =>
                    throw new DBusErrorException(DBusErrorNames.InvalidArgs,
                        $"not supported: {scm.Name} at a proxy; the proxy forwards plain calls only, so that it never speaks for another proxy");
            }
        }

        return Build(handlers);
    }

    /// <summary>Every method of the contract, in its order; one without a binding replies with a clear "not supported".</summary>
    private static InterfaceDefinition Build(Dictionary<string, MethodHandler> handlers)
    {
        var iface = new InterfaceDefinition(CompatApi.Name);
        foreach (var method in CompatApi.Methods)
        {
            iface.Method(method.Name, Wire.Arguments(method.In), Wire.Arguments(method.Out),
                handlers.TryGetValue(method.Name, out var handler) ? handler : NotSupported(method.Name));
        }

        iface.Property(new PropertyDefinition(CompatApi.ApiVersionProperty, "i", static () => CompatApi.ApiVersion));
        return iface;
    }

    private static MethodHandler NotSupported(string name) =>
        (MethodContext context, ref DBus.MessageReader args, DBus.MessageWriter reply) =>
            throw new DBusErrorException(DBusErrorNames.InvalidArgs, $"not supported: {name} is not implemented by this daemon yet");
}
