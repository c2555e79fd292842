using System.Globalization;

namespace CgManager.Bench.Placement;

/// <summary>
/// Every thread of the daemon on one CPU for as long as this lives, then back on the mask it had. Threads
/// the daemon starts meanwhile (one per new connection) inherit the pinned mask from the thread that
/// starts them, and are put back as well.
/// </summary>
internal sealed class DaemonPinning : IDisposable
{
    private readonly int _pid;
    private readonly byte[] _original;

    public DaemonPinning(int pid, int cpu)
    {
        _pid = pid;
        _original = CpuAffinity.Get(pid);
        try
        {
            SetAll(CpuAffinity.Only(cpu));
        }
        catch (InvalidOperationException)
        {
            SetAll(_original); // a thread that refused the CPU leaves none of the others pinned
            throw;
        }
    }

    public void Dispose() => SetAll(_original);

    private void SetAll(byte[] mask)
    {
        foreach (string task in Directory.GetDirectories($"/proc/{_pid}/task"))
        {
            CpuAffinity.TrySet(int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture), mask);
        }
    }
}
