using System.Runtime.InteropServices;
using CgManager.DBus.Server;
using CgManager.Linux;

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
        try
        {
            Log.Sink = Service.LogSetup.Choose(options, detached: Detach.IsDetachedChild);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cgmanager: cannot open the log file {options.LogFile}: {e.Message}");
            return 1;
        }

        if (options.CheckMaster)
        {
            return Proxy.ProxyHost.CheckMaster(options);
        }

        if (options.Daemonize && !Detach.IsDetachedChild)
        {
            try
            {
                return Detach.StartAndWait(options, args);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"cgmanager: {e.Message}");
                return 1;
            }
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
        using var reload = new AutoResetEvent(false);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        // Started under nohup (or a supervisor that ignores SIGHUP) the runtime would leave SIGHUP ignored, and
        // logrotate's "kill -HUP" would silently not reopen the log. nohup's point, surviving a hangup, holds
        // either way: the handler reloads and never exits.
        Sys.RestoreDefaultAction(Signal.SIGHUP);
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnHangup);

        DBusServer server;
        IDisposable resources;
        try
        {
            Service.SocketActivation.TakeFromEnvironment();
            if (options.ReadyFd is { } readyFd && !Detach.IsDetachedChild)
            {
                Service.ReadyFd.Check(readyFd);
            }

            Service.ServiceNotify.Status("mounting hierarchies");
            (server, resources) = options.Proxy ? Proxy.ProxyHost.Start(options) : DaemonHost.Start(options);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Log.Error(e.Message);
            Service.ServiceNotify.Send($"STATUS=failed: {e.Message}");
            return 1;
        }

        string where = Service.SocketActivation.Active ? $"{Service.SocketActivation.Address} (inherited socket)" : options.SocketPath;
        Log.Info($"{(options.Proxy ? "cgproxy" : "cgmanager")} {Version} ready on {where}");
        Service.Readiness.Announce(options, $"serving on {where}");
        if (options.SigStop)
        {
            // upstart's "expect stop": the job stops itself once it serves, and upstart sends SIGCONT. The socket is
            // listening, so clients that connect meanwhile wait in its backlog and are answered after SIGCONT.
            Linux.Sys.Kill(Environment.ProcessId, Linux.Signal.SIGSTOP);
        }

        while (WaitHandle.WaitAny([stop.WaitHandle, reload]) == 1)
        {
            Service.Readiness.Reload($"serving on {where}");
        }

        Log.Info("stopping");
        Service.ServiceNotify.Stopping();
        server.Dispose();
        if (!Service.SocketActivation.Active)
        {
            SocketSetup.Remove(options.SocketPath);
        }

        resources.Dispose();
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Set();
        }

        void OnHangup(PosixSignalContext context)
        {
            // The runtime's default for SIGHUP ends the process; ours reloads.
            context.Cancel = true;
            reload.Set();
        }
    }
}
