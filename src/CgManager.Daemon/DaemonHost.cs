using CgManager.Core;
using CgManager.Core.Hierarchies;
using CgManager.Core.Operations;
using CgManager.DBus.Server;
using CgManager.Linux.Proc;

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
        var proc = ProcFs.Default;
        var (hierarchies, mounted) = new HierarchyMounter(proc, text => Log.Info(text))
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
        });

        var dispatcher = new Dispatcher(MachineId.Read(), serviceName: Bus.ServiceName)
        {
            HandlerFault = (message, e) => Log.Error($"{message.Member}: internal error: {e}"),
        };
        var metrics = Metrics.MetricsExport.Count(options, dispatcher);
        var callers = new CallerFactory(facts);
        dispatcher.Register(Bus.ObjectPath, Compat.CompatInterface.ForDaemon(new Compat.CompatEdge(service, callers)));
        Scm.ScmSideChannel.Configure(options.MaxScmPerUid);
        var watches = new Modern.EventWatches(options.MaxWatchesPerUid);
        var pressure = new Modern.PressureWatches();
        dispatcher.Register(Bus.ObjectPath, Modern.ModernInterface.Build(new Modern.ModernHandlers(service, callers, new PidTranslator(proc), watches, pressure).Build()));

        var serverOptions = new ServerOptions { MaxConnections = options.MaxConnections, MaxConnectionsPerUid = options.MaxConnectionsPerUid };
        var (listener, inherited) = Service.Listener.Open(options.SocketPath, serverOptions.Backlog);
        // Only now is the socket ours: a daemon still serving it would have made the listen fail.
        foreach (var line in service.TakeOver())
        {
            Log.Warning(line);
        }

        var trimmer = new IdleTrimmer(dispatcher);
        DBusServer? server = null;
        server = new DBusServer(listener, dispatcher, serverOptions)
        {
            ListenerShared = inherited,
            Diagnostic = Diagnostic,
            ConnectionClosed = connection =>
            {
                watches.Drop(connection);
                pressure.Drop(connection);
                if (server?.ConnectionCount == 0)
                {
                    trimmer.OnLastClientGone();
                }
            },
        };
        var exporter = Metrics.MetricsExport.Serve(options, metrics, server);
        server.Start();
        return (server, new Resources(service, trimmer, new Both(watches, pressure), exporter));
    }

    private sealed class Resources(IDisposable service, IDisposable trimmer, IDisposable watches, IDisposable? exporter) : IDisposable
    {
        public void Dispose()
        {
            exporter?.Dispose();
            watches.Dispose();
            trimmer.Dispose();
            service.Dispose();
        }
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
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
