using System.Diagnostics;
using System.Globalization;
using CgManager.Bench.Client;

namespace CgManager.Bench.Workers;

/// <summary>
/// The cycle through the daemon, on this client's own connection, cgroup name and task:
/// Create, SetValue, GetValue, MovePid there, MovePid back to "" (the client's own cgroup), Remove.
/// </summary>
internal sealed class DaemonCycleWorker : Load.ILoadWorker
{
    private readonly ICycleClient _client;
    private readonly string _cgroup;
    private readonly int _pid;

    /// <param name="connect">Opens this client's connection: our own codec, or a stock library (libdbus).</param>
    /// <param name="index">The client's number, which names its cgroup.</param>
    /// <param name="taskPid">The client's own task, moved there and back.</param>
    public DaemonCycleWorker(Func<ICycleClient> connect, int index, int taskPid)
    {
        _client = connect();
        _cgroup = string.Create(CultureInfo.InvariantCulture, $"b{index}");
        _pid = taskPid;
    }

    public string Cgroup => _cgroup;

    public void RunOnce(Span<long> steps)
    {
        const string c = CycleSteps.Controller;
        long t = Stopwatch.GetTimestamp();
        _client.Create(c, _cgroup);
        t = FloorCycleWorker.Lap(steps, 0, t);
        _client.SetValue(c, _cgroup, CycleSteps.LimitKey, CycleSteps.LimitValue);
        t = FloorCycleWorker.Lap(steps, 1, t);
        string value = _client.GetValue(c, _cgroup, CycleSteps.LimitKey);
        t = FloorCycleWorker.Lap(steps, 2, t);
        _client.MovePid(c, _cgroup, _pid);
        t = FloorCycleWorker.Lap(steps, 3, t);
        _client.MovePid(c, "", _pid);
        t = FloorCycleWorker.Lap(steps, 4, t);
        _client.Remove(c, _cgroup, recursive: false);
        FloorCycleWorker.Lap(steps, 5, t);
        if (value.TrimEnd() != CycleSteps.LimitReadBack)
        {
            throw new BenchException($"GetValue {_cgroup} {CycleSteps.LimitKey} returned '{value}', not {CycleSteps.LimitReadBack}");
        }
    }

    public void Recover()
    {
        _client.MovePid(CycleSteps.Controller, "", _pid);
        _client.Remove(CycleSteps.Controller, _cgroup, recursive: true);
    }

    public void Dispose() => _client.Dispose();
}
