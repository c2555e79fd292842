using System.Diagnostics;
using System.Globalization;

namespace CgManager.Daemon;

/// <summary>
/// --daemon without fork(): a managed runtime cannot fork safely, so we re-run ourselves
/// under setsid(1) in a new session, wait until the socket answers, write the pid file, and exit.
/// </summary>
internal static class Detach
{
    private const string MarkerVariable = "CGMANAGER_DETACHED";
    private const string DefaultPidFile = "/run/cgmanager.pid";
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Read once: <see cref="BecomeDaemon"/> clears the variable, and the answer must not change after it.</summary>
    public static bool IsDetachedChild { get; } = Environment.GetEnvironmentVariable(MarkerVariable) == "1";

    public static int StartAndWait(DaemonOptions options, string[] args)
    {
        if (options.ReadyFd is { } readyFd)
        {
            // Close-on-exec: the child never holds it, and this parent signals once the socket answers.
            Service.ReadyFd.Check(readyFd);
        }

        // The shell only wires stdin, stdout and stderr to /dev/null, so that nothing of the
        // starting terminal (or a caller's pipe) stays open, then execs setsid, which execs us.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$0\" \"$@\" </dev/null >/dev/null 2>&1");
        start.ArgumentList.Add(Environment.ProcessPath ?? "cgmanager");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[MarkerVariable] = "1";
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the daemon process");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyDeadline)
        {
            if (child.HasExited)
            {
                Console.Error.WriteLine($"cgmanager: the daemon exited during start-up (status {child.ExitCode})");
                return 1;
            }

            if (SocketSetup.Answers(options.SocketPath))
            {
                File.WriteAllText(options.PidFile ?? DefaultPidFile, child.Id.ToString(CultureInfo.InvariantCulture) + "\n");
                if (options.ReadyFd is { } fd)
                {
                    Service.ReadyFd.Signal(fd);
                }

                return 0;
            }

            Thread.Sleep(10);
        }

        Console.Error.WriteLine($"cgmanager: the daemon did not answer on {options.SocketPath} within {ReadyDeadline.TotalSeconds} s");
        return 1;
    }

    /// <summary>In the detached child: nothing of the starting terminal stays attached.</summary>
    public static void BecomeDaemon()
    {
        Environment.SetEnvironmentVariable(MarkerVariable, null);
        Directory.SetCurrentDirectory("/");
        Console.SetIn(TextReader.Null);
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
    }
}
