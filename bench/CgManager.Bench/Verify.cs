using CgManager.Bench.Client;
using CgManager.Bench.Workers;

namespace CgManager.Bench;

/// <summary>
/// Before anything is timed, one cycle through the daemon is checked against cgroupfs itself,
/// so that fast figures are figures of real work in the right place.
/// </summary>
internal static class Verify
{
    private const string Name = "verify";

    public static void Cycle(string socketPath, string sandboxMemoryDir, string sandbox, int taskPid)
    {
        const string c = CycleSteps.Controller;
        string dir = Path.Combine(sandboxMemoryDir, Name);
        using var client = BenchClient.Connect(socketPath);
        client.Create(c, Name);
        Expect(Directory.Exists(dir), $"Create did not make {dir}");
        client.SetValue(c, Name, CycleSteps.LimitKey, CycleSteps.LimitValue);
        string limit = File.ReadAllText(Path.Combine(dir, CycleSteps.LimitKey)).Trim();
        Expect(limit == CycleSteps.LimitReadBack, $"SetValue left {CycleSteps.LimitKey} at {limit}");
        Expect(client.GetValue(c, Name, CycleSteps.LimitKey).Trim() == CycleSteps.LimitReadBack, "GetValue disagrees with cgroupfs");
        client.MovePid(c, Name, taskPid);
        Expect(MemoryCgroupOf(taskPid).EndsWith($"/{sandbox}/{Name}", StringComparison.Ordinal), $"MovePid left task {taskPid} in {MemoryCgroupOf(taskPid)}");
        client.MovePid(c, "", taskPid);
        Expect(MemoryCgroupOf(taskPid).EndsWith($"/{sandbox}", StringComparison.Ordinal), $"MovePid back left task {taskPid} in {MemoryCgroupOf(taskPid)}");
        client.Remove(c, Name, recursive: false);
        Expect(!Directory.Exists(dir), $"Remove left {dir}");
    }

    private static string MemoryCgroupOf(int pid) =>
        File.ReadLines($"/proc/{pid}/cgroup").Select(l => l.Split(':', 3)).First(f => f[1].Split(',').Contains(CycleSteps.Controller))[2];

    private static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new BenchException("verification failed: " + failure);
        }
    }
}
