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
            options = DaemonOptions.Parse(args, invokedAsProxy: Path.GetFileName(Environment.ProcessPath ?? "") == "cgproxy"
                || Path.GetFileName(Environment.GetCommandLineArgs()[0]) == "cgproxy");
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
        if (options.CheckMaster)
        {
            return Proxy.ProxyHost.CheckMaster(options);
        }

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
        IDisposable resources;
        try
        {
            (server, resources) = options.Proxy ? Proxy.ProxyHost.Start(options) : DaemonHost.Start(options);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Log.Error(e.Message);
            return 1;
        }

        Log.Info($"{(options.Proxy ? "cgproxy" : "cgmanager")} {Version} ready on {options.SocketPath}");
        if (options.SigStop)
        {
            // upstart's "expect stop": the job stops itself once it serves, and upstart sends SIGCONT. The socket is
            // listening, so clients that connect meanwhile wait in its backlog and are answered after SIGCONT.
            Linux.Sys.Kill(Environment.ProcessId, Linux.Signal.SIGSTOP);
        }

        stop.Wait();
        Log.Info("stopping");
        server.Dispose();
        SocketSetup.Remove(options.SocketPath);
        resources.Dispose();
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Set();
        }
    }
}
