using System.Diagnostics;
using System.Globalization;
using System.Text;
using CgManager.Linux;

namespace CgManager.Bench.Workers;

/// <summary>
/// The floor: the cycle done directly on cgroupfs, as a C program would, by absolute path:
/// mkdir, open/write/close the limit, open/read/close it, write the task's pid into the child's
/// cgroup.procs and back into the sandbox's, rmdir. Only the sandbox and its children are written.
/// </summary>
internal sealed class FloorCycleWorker : Load.ILoadWorker
{
    private static readonly byte[] Limit = Encoding.ASCII.GetBytes(CycleSteps.LimitValue);
    private static readonly byte[] ReadBack = Encoding.ASCII.GetBytes(CycleSteps.LimitReadBack + "\n");

    private readonly string _child;
    private readonly string _limit;
    private readonly string _childProcs;
    private readonly string _homeProcs;
    private readonly byte[] _pid;
    private readonly byte[] _buffer = new byte[64];

    public FloorCycleWorker(string sandboxMemoryDir, int index, int taskPid)
    {
        _child = Path.Combine(sandboxMemoryDir, string.Create(CultureInfo.InvariantCulture, $"f{index}"));
        _limit = Path.Combine(_child, CycleSteps.LimitKey);
        _childProcs = Path.Combine(_child, "cgroup.procs");
        _homeProcs = Path.Combine(sandboxMemoryDir, "cgroup.procs");
        _pid = Encoding.ASCII.GetBytes(taskPid.ToString(CultureInfo.InvariantCulture));
    }

    public void RunOnce(Span<long> steps)
    {
        long t = Stopwatch.GetTimestamp();
        Sys.MkdirAt(null, _child, 0755);
        t = Lap(steps, 0, t);
        Write(_limit, Limit);
        t = Lap(steps, 1, t);
        using (var fd = Sys.Open(_limit, OpenFlags.O_RDONLY))
        {
            int n = Sys.Read(fd, _buffer);
            if (!_buffer.AsSpan(0, n).SequenceEqual(ReadBack))
            {
                throw new BenchException($"{_limit} reads '{Encoding.ASCII.GetString(_buffer, 0, n).Trim()}', not {CycleSteps.LimitReadBack}");
            }
        }

        t = Lap(steps, 2, t);
        Write(_childProcs, _pid);
        t = Lap(steps, 3, t);
        Write(_homeProcs, _pid);
        t = Lap(steps, 4, t);
        Sys.UnlinkAt(null, _child, AtFlags.AT_REMOVEDIR);
        Lap(steps, 5, t);
    }

    public void Recover()
    {
        Write(_homeProcs, _pid);
        if (Directory.Exists(_child))
        {
            Sys.UnlinkAt(null, _child, AtFlags.AT_REMOVEDIR);
        }
    }

    public void Dispose()
    {
    }

    private static void Write(string path, byte[] value)
    {
        using var fd = Sys.Open(path, OpenFlags.O_WRONLY);
        Sys.WriteOnce(fd, value, path);
    }

    internal static long Lap(Span<long> steps, int index, long since)
    {
        long now = Stopwatch.GetTimestamp();
        steps[index] = now - since;
        return now;
    }
}
