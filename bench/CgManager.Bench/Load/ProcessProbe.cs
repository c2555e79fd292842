using System.Globalization;

namespace CgManager.Bench.Load;

/// <summary>What /proc says about one process: CPU time, resident memory, open fds, threads.</summary>
internal sealed class ProcessProbe
{
    /// <summary>USER_HZ: the unit of utime/stime in /proc/PID/stat (100 on every Linux ABI we run on).</summary>
    private const double ClockTicksPerSecond = 100;

    public ProcessProbe(int pid) => Pid = pid;

    public static ProcessProbe Self { get; } = new(Environment.ProcessId);

    public int Pid { get; }

    /// <summary>utime + stime of all threads, in seconds, and minor page faults, from /proc/PID/stat.</summary>
    public (double CpuSeconds, long MinorFaults) Stat()
    {
        string stat = File.ReadAllText($"/proc/{Pid}/stat");
        // comm may contain spaces and parentheses: the fields start after the last ')'.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // after comm: state(0) ppid pgrp session tty_nr tpgid flags minflt(7) cminflt majflt cmajflt utime(11) stime(12)
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (ticks / ClockTicksPerSecond, long.Parse(fields[7], CultureInfo.InvariantCulture));
    }

    public long RssKiB() => StatusKiB("VmRSS:");

    /// <summary>The kernel's high-water mark of RSS since the process started.</summary>
    public long PeakRssKiB() => StatusKiB("VmHWM:");

    public long Threads() => StatusKiB("Threads:");

    public int FdCount() => Directory.GetFileSystemEntries($"/proc/{Pid}/fd").Length;

    public bool IsAlive() => Directory.Exists($"/proc/{Pid}");

    private long StatusKiB(string field)
    {
        foreach (string line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                string[] words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(words[1], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
