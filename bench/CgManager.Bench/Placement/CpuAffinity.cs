using System.Runtime.InteropServices;

namespace CgManager.Bench.Placement;

/// <summary>
/// sched_getaffinity/sched_setaffinity on single threads (a tid, or 0 for the calling thread). The bench
/// only narrows threads it started (the daemon's, its own) and puts the daemon's back afterwards.
/// </summary>
internal static partial class CpuAffinity
{
    /// <summary>1024 CPUs, the size glibc's cpu_set_t has.</summary>
    private const int MaskBytes = 128;

    public static byte[] Get(int tid)
    {
        byte[] mask = new byte[MaskBytes];
        if (SchedGetAffinity(tid, MaskBytes, mask) < 0)
        {
            throw new InvalidOperationException($"sched_getaffinity({tid}): errno {Marshal.GetLastPInvokeError()}");
        }

        return mask;
    }

    /// <summary>False when the thread is gone (ESRCH): a daemon thread that exited meanwhile.</summary>
    public static bool TrySet(int tid, byte[] mask)
    {
        if (SchedSetAffinity(tid, MaskBytes, mask) == 0)
        {
            return true;
        }

        int errno = Marshal.GetLastPInvokeError();
        return errno == Esrch ? false : throw new InvalidOperationException($"sched_setaffinity({tid}): errno {errno}");
    }

    /// <summary>The lowest CPU in <paramref name="mask"/>.</summary>
    public static int First(byte[] mask)
    {
        for (int cpu = 0; cpu < mask.Length * 8; cpu++)
        {
            if ((mask[cpu / 8] & (1 << (cpu % 8))) != 0)
            {
                return cpu;
            }
        }

        throw new InvalidOperationException("an empty CPU mask");
    }

    public static int Count(byte[] mask) => mask.Sum(b => System.Numerics.BitOperations.PopCount(b));

    public static byte[] Only(int cpu)
    {
        byte[] mask = new byte[MaskBytes];
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        return mask;
    }

    private const int Esrch = 3;

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int SchedGetAffinity(int pid, nuint size, [Out] byte[] mask);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nuint size, byte[] mask);
}
