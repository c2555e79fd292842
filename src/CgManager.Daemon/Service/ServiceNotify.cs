using System.Diagnostics;
using System.Globalization;
using System.Text;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Service;

/// <summary>
/// sd_notify(3) without libsystemd: "KEY=VALUE" lines in one datagram to the AF_UNIX socket that
/// NOTIFY_SOCKET names (a path, or "@name" for an abstract socket). Does nothing when it is unset,
/// so the same binary runs under any init system.
/// </summary>
internal static class ServiceNotify
{
    private static readonly string? Address = Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 } a ? a : null;

    public static bool Enabled => Address is not null;

    /// <summary>The socket answers: READY=1, with a STATUS= line a human reads in systemctl status.</summary>
    public static void Ready(string status) =>
        Send($"READY=1\nSTATUS={status}\nMAINPID={Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");

    public static void Status(string status) => Send($"STATUS={status}");

    /// <summary>SIGHUP: RELOADING=1 with the monotonic time, as Type=notify-reload wants it; READY=1 follows.</summary>
    public static void Reloading() => Send($"RELOADING=1\nSTATUS=reloading\nMONOTONIC_USEC={MonotonicMicroseconds().ToString(CultureInfo.InvariantCulture)}");

    public static void Stopping() => Send("STOPPING=1\nSTATUS=stopping");

    /// <summary>One datagram; a manager that went away is reported once in the log, never fatal.</summary>
    public static void Send(string state)
    {
        if (Address is null)
        {
            return;
        }

        try
        {
            UnixSocket.SendDatagram(Address, Encoding.UTF8.GetBytes(state));
        }
        catch (LinuxException e)
        {
            Log.Warning($"cannot notify the service manager on {Address}: {e.Message}");
        }
    }

    /// <summary>CLOCK_MONOTONIC in microseconds: the runtime's Stopwatch reads that clock on Linux.</summary>
    private static long MonotonicMicroseconds() => Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1_000_000);
}
