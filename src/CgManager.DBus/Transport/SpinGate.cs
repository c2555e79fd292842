namespace CgManager.DBus.Transport;

/// <summary>
/// Admits at most one thread fewer than the machine has processors to busy-poll at once, so that
/// threads waiting by spinning never take the processors from the threads doing the work.
/// </summary>
internal static class SpinGate
{
    private static readonly int MaxSpinning = Math.Max(0, Environment.ProcessorCount - 1);
    private static int s_spinning;

    public static bool TryEnter()
    {
        if (Interlocked.Increment(ref s_spinning) <= MaxSpinning)
        {
            return true;
        }

        Interlocked.Decrement(ref s_spinning);
        return false;
    }

    public static void Exit() => Interlocked.Decrement(ref s_spinning);
}
