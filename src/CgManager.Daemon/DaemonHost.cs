using CgManager.Core;
using CgManager.Core.Hierarchies;
using CgManager.Core.Operations;
using CgManager.DBus.Server;
using CgManager.Linux.Proc;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon;

/// <summary>Wires the socket, the dispatcher and the cgmanager interface together and starts serving.</summary>
internal static class DaemonHost
{
    /// <summary>The freeze journal sits next to the socket: one per daemon, kept across restarts on the same socket.</summary>
    public const string FreezeJournalSuffix = ".frozen";

    /// <summary>The RemoveOnEmpty marks, likewise.</summary>
    public const string RemoveOnEmptyJournalSuffix = ".remove-on-empty";

    public static (DBusServer Server, IDisposable Resources) Start(DaemonOptions options)
    {
        // First of all: the journals below (frozen cgroups, remove-on-empty marks) are written next to the socket, so an unsafe folder
        // must stop the start before anything is written there, not only before the bind.
        SocketSetup.CheckFolder(options.SocketPath);
        var parts = Compose(options, ProcFs.Default, HierarchyMounts.Detached, TimeProvider.System);
        var serverOptions = new ServerOptions { MaxConnections = options.MaxConnections, MaxConnectionsPerUid = options.MaxConnectionsPerUid };
        var exporter = Metrics.MetricsExport.Serve(options, parts.Metrics);
        var (listener, inherited) = Service.Listener.Open(options.SocketPath, serverOptions.Backlog);
        // Only now is the socket ours: a daemon still serving it would have made the listen fail.
        foreach (var line in parts.Service.TakeOver())
        {
            Log.Warning(line);
        }

        var server = CreateServer(parts, serverOptions, listener, inherited);
        if (parts.Metrics is { } metrics)
        {
            metrics.Connections = () => server.ConnectionCount;
        }

        server.Start();
        return (server, new DisposeInOrder(exporter, parts));
    }

    /// <summary>
    /// Everything that answers requests, short of the socket: the hierarchies (through
    /// <paramref name="mounts"/>, as found in <paramref name="proc"/>'s mountinfo), the cgroup
    /// operations, the dispatcher with both interfaces, and the background work on
    /// <paramref name="time"/>'s clock. The daemon passes the real /proc, its own mounts and the
    /// system clock; Daemon.Tests a fake /proc naming a temporary tree, and a fake clock.
    /// </summary>
    internal static Composition Compose(DaemonOptions options, ProcFs proc, HierarchyMounts mounts, TimeProvider time)
    {
        var (hierarchies, mounted) = new HierarchyMounter(proc, text => Log.Info(text), mounts)
            .MountAll(new DiscoveryOptions(options.ExtraMounts, options.Skip));
        Log.Info($"managing {string.Join(' ', hierarchies.ListNames())}");
        var facts = new ProcessFacts(proc);
        CgManager.Core.Keys.RfcKeys.HugePageSize = CgManager.Core.Keys.RfcKeys.DefaultHugePageSize(MeminfoText());
        var service = new CgroupService(hierarchies, mounted, facts, new ServiceOptions
        {
            MaxDepth = options.MaxDepth,
            QuotaCgroups = options.QuotaCgroups,
            QuotaDepth = options.QuotaDepth,
            V2DelegateFiles = DelegateFiles.Read(),
            ReportBackgroundFailure = text => Log.Warning(text),
            FreezeJournal = options.SocketPath + FreezeJournalSuffix,
            RemoveOnEmptyJournal = options.SocketPath + RemoveOnEmptyJournalSuffix,
            Time = time,
        });

        var dispatcher = new Dispatcher(MachineId.Read(), serviceName: Bus.ServiceName)
        {
            HandlerFault = (message, e) => Log.Error($"{message.Member}: internal error: {e}"),
        };
        var metrics = Metrics.MetricsExport.Count(options, dispatcher);
        if (metrics is not null)
        {
            metrics.Cgroups = new Metrics.CgroupMetrics(service, facts, options.MetricsSubtree).Write;
        }

        var callers = new CallerFactory(facts);
        dispatcher.Register(Bus.ObjectPath, Compat.CompatInterface.ForDaemon(new Compat.CompatEdge(service, callers)));
        Scm.ScmSideChannel.Configure(options.MaxScmPerUid);
        var watches = new Modern.EventWatches(options.MaxWatchesPerUid, time);
        var pressure = new Modern.PressureWatches();
        if (metrics is not null)
        {
            metrics.Events = () => (watches.Delivered + pressure.Delivered, watches.DroppedSubscribers + pressure.DroppedSubscribers);
        }
        dispatcher.Register(Bus.ObjectPath, Modern.ModernInterface.Build(new Modern.ModernHandlers(service, callers, new PidTranslator(proc), watches, pressure).Build()));
        return new Composition(service, dispatcher, watches, pressure, new IdleTrimmer(dispatcher, time), metrics);
    }

    /// <summary>The server over the composed parts: on <paramref name="listener"/>, or (null) serving only what is handed to Admit.</summary>
    internal static DBusServer CreateServer(Composition parts, ServerOptions serverOptions, UnixSocket? listener, bool listenerShared)
    {
        DBusServer? server = null;
        void Closed(ServerConnection connection)
        {
            parts.Watches.Drop(connection);
            parts.Pressure.Drop(connection);
            if (server?.ConnectionCount == 0)
            {
                parts.Trimmer.OnLastClientGone();
            }
        }

        server = listener is null
            ? new DBusServer(parts.Dispatcher, serverOptions) { Diagnostic = Diagnostic, ConnectionClosed = Closed }
            : new DBusServer(listener, parts.Dispatcher, serverOptions) { ListenerShared = listenerShared, Diagnostic = Diagnostic, ConnectionClosed = Closed };
        return server;
    }

    /// <summary>What <see cref="Compose"/> made; disposed after the server has stopped.</summary>
    internal sealed class Composition(
        CgroupService service, Dispatcher dispatcher, Modern.EventWatches watches, Modern.PressureWatches pressure, IdleTrimmer trimmer, Metrics.DaemonMetrics? metrics)
        : IDisposable
    {
        public CgroupService Service { get; } = service;

        public Dispatcher Dispatcher { get; } = dispatcher;

        public Modern.EventWatches Watches { get; } = watches;

        public Modern.PressureWatches Pressure { get; } = pressure;

        public IdleTrimmer Trimmer { get; } = trimmer;

        /// <summary>Request counts when --metrics asked for them, else null.</summary>
        public Metrics.DaemonMetrics? Metrics { get; } = metrics;

        public void Dispose()
        {
            Watches.Dispose();
            Pressure.Dispose();
            Trimmer.Dispose();
            Service.Dispose();
        }
    }

    /// <summary>The server's reports on dropped clients go to the log at debug level; faults higher.</summary>
    public static void Diagnostic(string level, string text) => Log.Write(level switch
    {
        "error" => LogLevel.Error,
        "warning" => LogLevel.Warning,
        _ => LogLevel.Debug,
    }, text);

    /// <summary>/proc/meminfo for the default huge page size (the RFC's hugetlb_* keys); empty if unreadable.</summary>
    private static string MeminfoText()
    {
        try
        {
            return File.ReadAllText("/proc/meminfo");
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
