using CgManager.Bench.Report;

namespace CgManager.Bench.RoundTrip;

/// <summary>
/// Measures the round-trip floor: each <see cref="RoundTripMode"/> with 1 and 4 pairs, through the same
/// load runner (threads, warm-up, measured period) as the D-Bus lanes, so the figures compare within a run.
/// </summary>
internal static class RoundTripFloor
{
    public static readonly int[] Pairs = [1, 4];

    public static void Run(BenchOptions options, BenchReport report, CancellationToken cancel)
    {
        InnerRun.Progress("round-trip floor: a socketpair, no D-Bus");
        foreach (var mode in RoundTripMode.All)
        {
            foreach (int pairs in Pairs)
            {
                var load = InnerRun.Measure(options, $"{mode.Kind}/{pairs}", mode.Kind, pairs, RoundTripPair.Steps,
                    i => new RoundTripPair(mode, i), null, cancel);
                report.RoundTrips.Add(new RoundTripResult(mode, load));
            }
        }
    }
}
