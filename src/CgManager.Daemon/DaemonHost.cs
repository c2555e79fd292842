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
        // The freeze journal is written beside the socket, before the socket is made: the folder must
        // pass the socket's own checks first, or a user's folder would receive a root-written file.
        using (SocketFolder.Open(Path.GetDirectoryName(options.SocketPath) is { Length: > 0 } folder ? folder : "."))
        {
        }

        var proc = ProcFs.Default;
        var (hierarchies, mounted) = new HierarchyMounter(proc, text => Log.Info(text))
            .MountAll(new DiscoveryOptions(options.ExtraMounts, options.Skip));
        Log.Info($"managing {string.Join(' ', hierarchies.ListNames())}");
        var facts = new ProcessFacts(proc);
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

        var dispatcher = new Dispatcher(MachineId.Read(), serviceName: "org.linuxcontainers.cgmanager")
        {
            HandlerFault = (message, e) => Log.Error($"{message.Member}: internal error: {e}"),
        };
        var callers = new CallerFactory(facts);
        var handlers = new CompatHandlers(service, callers).Build();
        new Scm.ScmHandlers(service, callers).AddTo(handlers);
        dispatcher.Register(CompatInterface.ObjectPath, CompatInterface.Build(handlers, CoreInfo.ApiVersion));
        Scm.ScmSideChannel.Configure(options.MaxScmPerUid);
        var watches = new Modern.EventWatches(options.MaxWatchesPerUid);
        dispatcher.Register(CompatInterface.ObjectPath, Modern.ModernInterface.Build(new Modern.ModernHandlers(service, callers, new PidTranslator(proc), watches).Build()));

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
                if (server?.ConnectionCount == 0)
                {
                    trimmer.OnLastClientGone();
                }
            },
        };
        server.Start();
        return (server, new Resources(service, trimmer, watches));
    }

    private sealed class Resources(IDisposable service, IDisposable trimmer, IDisposable watches) : IDisposable
    {
        public void Dispose()
        {
            watches.Dispose();
            trimmer.Dispose();
            service.Dispose();
        }
    }

    /// <summary>The server's reports on dropped clients go to the log at debug level; faults higher.</summary>
    public static void Diagnostic(string level, string text) => Log.Write(level switch
    {
        "error" => LogLevel.Error,
        "warning" => LogLevel.Warning,
        _ => LogLevel.Debug,
    }, text);
}
