using System.Diagnostics;
using CgManager.DBus;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Linux.Sockets;

namespace CgManager.Integration.Tests.Flood;

/// <summary>What root sees of a daemon under load: its own calls' latency, Scm results, and the daemon's threads, fds and RSS.</summary>
public static class DaemonProbe
{
    private const string Iface = "org.linuxcontainers.cgmanager0_0";

    public sealed record Usage(int Threads, int Fds, long RssKiB)
    {
        public override string ToString() => $"{Threads} threads, {Fds} fds, {RssKiB} KiB RSS";
    }

    public static int Threads(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                return int.Parse(line.AsSpan(8).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    public static Usage Measure(RunningDaemon daemon) => new(Threads(daemon.Pid), daemon.FdCount, daemon.RssKiB);

    /// <summary>CPU time (user + system) the daemon has used, from /proc/PID/stat.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ');
        long ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>Waits until <paramref name="condition"/> holds or <paramref name="timeout"/> passes; true if it held.</summary>
    public static bool Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return condition();
            }

            Thread.Sleep(50);
        }

        return true;
    }

    /// <summary>Round trips of root's Ping on one connection, in milliseconds, sorted.</summary>
    public static double[] PingLatencies(string socket, int count)
    {
        using var client = RawClient.Connect(socket);
        var times = new double[count];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            using var reply = client.Call(Iface, "Ping", "i", w => w.WriteInt32(i));
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Assert.Equal(MessageType.MethodReturn, reply.Type);
        }

        Array.Sort(times);
        return times;
    }

    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];

    /// <summary>
    /// Root's GetPidCgroupScm of itself, step by step (spec §4): the D-Bus call with the socket,
    /// kick, credential, kick, credential, result. Returns the cgroup, or throws with what went wrong.
    /// </summary>
    public static string RootScmGetPidCgroup(string socket)
    {
        var (ours, theirs) = UnixSocket.CreatePair(UnixSocket.Datagram);
        using (ours)
        using (theirs)
        using (var client = RawClient.Connect(socket))
        {
            using var reply = client.Call(Iface, "GetPidCgroupScm", "sh", w =>
            {
                w.WriteString("memory");
                w.WriteUnixFdIndex(0);
            }, fds: [theirs.Handle]);
            Assert.True(reply.Type == MessageType.MethodReturn, $"GetPidCgroupScm refused: {RawClient.ErrorText(reply)}");
            ours.SetReceiveTimeout(TimeSpan.FromSeconds(5));
            var buffer = new byte[4096];
            var me = new PeerCredentials(Environment.ProcessId, 0, 0);
            for (int step = 0; step < 2; step++)
            {
                Assert.Equal(1, ours.Receive(buffer, null, out _));
                ours.SendOnce([0], null, me);
            }

            int n = ours.Receive(buffer, null, out _);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, n).TrimEnd('\0');
        }
    }
}
