using System.Runtime.InteropServices;
using CgManager.DBus.Server;

namespace CgManager.Daemon;

internal static class Program
{
    public const string Version = "0.1.0";

    private static int Main(string[] args)
    {
        DaemonOptions options;
        try
        {
            options = DaemonOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"cgmanager: {e.Message}");
            Console.Error.WriteLine("Try 'cgmanager --help' for more information.");
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.Out.WriteLine(DaemonOptions.HelpText);
            return 0;
        }

        if (options.ShowVersion)
        {
            Console.Out.WriteLine($"cgmanager {Version}");
            return 0;
        }

        Log.Threshold = options.LogLevel;
        if (options.Daemonize && !Detach.IsDetachedChild)
        {
            return Detach.StartAndWait(options, args);
        }

        return Run(options);
    }

    private static int Run(DaemonOptions options)
    {
        if (Detach.IsDetachedChild)
        {
            Detach.BecomeDaemon();
        }

        using var stop = new ManualResetEventSlim();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        DBusServer server;
        CgManager.Core.Operations.CgroupService service;
        try
        {
            (server, service) = DaemonHost.Start(options);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Log.Error(e.Message);
            return 1;
        }

        Log.Info($"cgmanager {Version} ready on {options.SocketPath}");
        stop.Wait();
        Log.Info("stopping");
        server.Dispose();
        SocketSetup.Remove(options.SocketPath);
        service.Dispose();
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Set();
        }
    }
}
