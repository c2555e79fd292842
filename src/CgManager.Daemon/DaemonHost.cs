using CgManager.Core;
using CgManager.DBus;
using CgManager.DBus.Server;

namespace CgManager.Daemon;

/// <summary>Wires the socket, the dispatcher and the cgmanager interface together and starts serving.</summary>
internal static class DaemonHost
{
    public static DBusServer Start(DaemonOptions options)
    {
        var dispatcher = new Dispatcher(MachineId.Read(), serviceName: "org.linuxcontainers.cgmanager")
        {
            HandlerFault = (message, e) => Log.Error($"{message.Member}: internal error: {e}"),
        };
        var handlers = new Dictionary<string, MethodHandler>(StringComparer.Ordinal)
        {
            ["Ping"] = static (MethodContext context, ref MessageReader args, MessageWriter reply) => args.ReadInt32(),
        };
        dispatcher.Register(CompatInterface.ObjectPath, CompatInterface.Build(handlers, CoreInfo.ApiVersion));

        var listener = SocketSetup.Listen(options.SocketPath, new ServerOptions().Backlog);
        var server = new DBusServer(listener, dispatcher)
        {
            Diagnostic = (level, text) => Log.Write(level switch
            {
                "error" => LogLevel.Error,
                "warning" => LogLevel.Warning,
                _ => LogLevel.Debug,
            }, text),
        };
        server.Start();
        return server;
    }
}
