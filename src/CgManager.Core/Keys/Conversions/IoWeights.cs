namespace CgManager.Core.Keys.Conversions;

/// <summary>
/// <c>io.weight</c> (v2, 1..10000, default 100) ⇄ the v1 <c>blkio.weight</c> (CFQ, 10..1000, default 500) and the
/// BFQ weights <c>blkio.bfq.weight</c> / <c>io.bfq.weight</c> (1..1000, default 100).
/// </summary>
/// <remarks>
/// Defaults map to defaults and ratios are kept: blkio = io × 500 / 100, io = blkio × 100 / 500, as systemd does
/// (src/core/cgroup.c: cgroup_weight_io_to_blkio, cgroup_weight_blkio_to_io). runc and crun instead stretch
/// 10..1000 over 1..10000 (1 + (b − 10) × 9999 / 990), which turns the v1 default 500 into 4950: a cgroup that
/// never asked for more would get 49.5 times its untouched siblings. BFQ weights share the v2 scale below 1000,
/// so they map one to one, clamped.
/// </remarks>
public static class IoWeights
{
    public const ulong WeightMin = 1;
    public const ulong WeightDefault = 100;
    public const ulong WeightMax = 10000;
    public const ulong BlkioMin = 10;
    public const ulong BlkioDefault = 500;
    public const ulong BlkioMax = 1000;
    public const ulong BfqMin = 1;
    public const ulong BfqMax = 1000;

    /// <summary>io weight → blkio.weight: w × 5, clamped to 10..1000 (exact for 2..200).</summary>
    public static ulong WeightToBlkio(ulong weight) =>
        Math.Clamp(Math.Min(weight, WeightMax) * BlkioDefault / WeightDefault, BlkioMin, BlkioMax);

    /// <summary>blkio.weight → io weight: b / 5 rounded to nearest, clamped to 1..10000.</summary>
    public static ulong BlkioToWeight(ulong blkio) =>
        Math.Clamp(CpuWeights.RoundedRatio(Math.Min(blkio, BlkioMax), WeightDefault, BlkioDefault), WeightMin, WeightMax);

    /// <summary>io weight → a BFQ weight: the same number, clamped to 1..1000.</summary>
    public static ulong WeightToBfq(ulong weight) => Math.Clamp(weight, BfqMin, BfqMax);

    /// <summary>A BFQ weight → io weight: the same number.</summary>
    public static ulong BfqToWeight(ulong bfq) => Math.Clamp(bfq, WeightMin, BfqMax);
}
