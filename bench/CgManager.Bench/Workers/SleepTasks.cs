using System.Diagnostics;

namespace CgManager.Bench.Workers;

/// <summary>
/// The tasks the cycles move: one `sleep` child per client, started by this process inside the
/// sandbox, so no client moves a task another client is moving. Killed by pid on dispose.
/// </summary>
internal sealed class SleepTasks : IDisposable
{
    /// <summary>Longer than any run; they are killed at the end anyway (and by cgsandbox destroy at worst).</summary>
    private const string Lifetime = "900";

    private readonly List<Process> _processes = [];

    public SleepTasks(int count)
    {
        for (int i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo("sleep") { UseShellExecute = false };
            start.ArgumentList.Add(Lifetime);
            _processes.Add(Process.Start(start) ?? throw new BenchException("cannot start sleep"));
        }
    }

    public int Count => _processes.Count;

    public int this[int index] => _processes[index].Id;

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                process.Kill();
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // already exited
            }

            process.Dispose();
        }

        _processes.Clear();
    }
}
