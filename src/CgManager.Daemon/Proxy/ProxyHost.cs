using CgManager.DBus.Server;

namespace CgManager.Daemon.Proxy;

/// <summary>Starts cgproxy: relocate the host folder, connect upstream lazily, serve the plain API on the usual socket.</summary>
internal static class ProxyHost
{
    public static (DBusServer Server, IDisposable Resources) Start(DaemonOptions options)
    {
        string lower = ProxySockets.Prepare(options.SocketPath);
        var upstream = new Upstream(lower);
        var dispatcher = new Dispatcher(MachineId.Read(), serviceName: Bus.ServiceName)
        {
            HandlerFault = (message, e) => Log.Error($"proxy: {message.Member}: internal error: {e}"),
        };
        var metrics = Metrics.MetricsExport.Count(options, dispatcher);
        dispatcher.Register(Bus.ObjectPath, Compat.CompatInterface.ForProxy(new Compat.ProxyEdge(upstream)));
        var exporter = Metrics.MetricsExport.Serve(options, metrics);
        var (listener, inherited) = Service.Listener.Open(options.SocketPath, new ServerOptions().Backlog);
        var server = new DBusServer(listener, dispatcher) { Diagnostic = DaemonHost.Diagnostic, ListenerShared = inherited };
        if (metrics is not null)
        {
            metrics.Connections = () => server.ConnectionCount;
        }

        server.Start();
        Log.Info($"proxy: forwarding {options.SocketPath} to {lower}");
        return (server, new DisposeInOrder(exporter, upstream));
    }

    /// <summary>--check-master: 0 if a manager answers on the upper or the lower socket.</summary>
    public static int CheckMaster(DaemonOptions options) =>
        SocketSetup.Answers(options.SocketPath) || SocketSetup.Answers(ProxySockets.LowerOf(options.SocketPath)) ? 0 : 1;
}
