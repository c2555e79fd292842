namespace CgManager.Daemon.Metrics;

/// <summary>How Scm exchanges ended (the D-Bus call itself succeeds at once; the result travels on the side channel).</summary>
internal static class ScmOutcomes
{
    private static long s_answered;
    private static long s_refused;
    private static long s_dropped;

    public static long Answered => Interlocked.Read(ref s_answered);

    public static long Refused => Interlocked.Read(ref s_refused);

    public static long Dropped => Interlocked.Read(ref s_dropped);

    public static void CountAnswered() => Interlocked.Increment(ref s_answered);

    public static void CountRefused() => Interlocked.Increment(ref s_refused);

    /// <summary>The client never sent its credentials before the deadline.</summary>
    public static void CountDropped() => Interlocked.Increment(ref s_dropped);
}
