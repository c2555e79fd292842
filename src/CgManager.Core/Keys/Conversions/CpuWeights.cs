namespace CgManager.Core.Keys.Conversions;

/// <summary>
/// <c>cpu.weight</c> (v2, 1..10000, default 100) ⇄ <c>cpu.shares</c> (v1, 2..262144, default 1024).
/// </summary>
/// <remarks>
/// The kernel's own linear mapping: a v2 weight becomes the scheduler weight w × 1024 / 100 and reads back as
/// s × 100 / 1024, both rounded to nearest and clamped (kernel/sched: sched_weight_from_cgroup and
/// sched_weight_to_cgroup). systemd and libcgroup use the same ratio (truncating); runc and crun's log-quadratic
/// curve agrees only at 2, 1024 and 262144. Proportional shares stay proportional only with the linear map.
/// Weight → shares → weight is exact for every weight; shares → weight → shares lands within 6 shares (shares
/// below 10 come back as 10, the image of weight 1).
/// </remarks>
public static class CpuWeights
{
    public const ulong WeightMin = 1;
    public const ulong WeightDefault = 100;
    public const ulong WeightMax = 10000;
    public const ulong SharesMin = 2;
    public const ulong SharesDefault = 1024;
    public const ulong SharesMax = 262144;

    /// <summary>v2 weight → v1 shares: round(w × 1024 / 100), within 2..262144 (weights 1..10000 give 10..102400).</summary>
    public static ulong WeightToShares(ulong weight) =>
        Math.Clamp(RoundedRatio(weight, SharesDefault, WeightDefault), SharesMin, SharesMax);

    /// <summary>v1 shares → v2 weight: round(s × 100 / 1024), clamped to 1..10000.</summary>
    public static ulong SharesToWeight(ulong shares) =>
        Math.Clamp(RoundedRatio(Math.Min(shares, SharesMax), WeightDefault, SharesDefault), WeightMin, WeightMax);

    /// <summary>value × numerator / denominator rounded to nearest, halves up (DIV_ROUND_CLOSEST_ULL).</summary>
    internal static ulong RoundedRatio(ulong value, ulong numerator, ulong denominator) =>
        ((value * numerator) + (denominator / 2)) / denominator;
}
