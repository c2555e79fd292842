using System.Globalization;

namespace CgManager.Core.Keys.Conversions;

/// <summary>
/// A CFS bandwidth limit: at most <see cref="QuotaUs"/> µs of CPU time per <see cref="PeriodUs"/> µs.
/// Neutral text is v2's <c>cpu.max</c> form: "QUOTA PERIOD", "max PERIOD", or just "QUOTA" / "max" to keep the
/// period. v1 splits it over <c>cpu.cfs_quota_us</c> (-1 for no limit) and <c>cpu.cfs_period_us</c>.
/// </summary>
/// <param name="QuotaUs">Microseconds per period, or null for no limit.</param>
/// <param name="PeriodUs">The period in microseconds, or null to keep the current one.</param>
public readonly record struct CpuQuota(ulong? QuotaUs, ulong? PeriodUs)
{
    /// <summary>The kernel's bounds (kernel/sched/core.c): the period 1 ms to 1 s, the quota at least 1 ms.</summary>
    public const ulong MinPeriodUs = 1000;
    public const ulong MaxPeriodUs = 1_000_000;
    public const ulong MinQuotaUs = 1000;

    /// <summary>The kernel's default period, 100 ms.</summary>
    public const ulong DefaultPeriodUs = 100_000;

    /// <summary>A client's value; a bare number is the quota.</summary>
    /// <exception cref="Errors.CgException">InvalidArgument.</exception>
    public static CpuQuota ParseRequest(KeyValue value, string key)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsMax)
        {
            return new CpuQuota(null, null);
        }

        string[] parts = value.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2)
        {
            throw KeyErrors.BadValue(key, value, "is not 'QUOTA PERIOD' in microseconds, 'max PERIOD', 'QUOTA' or 'max'");
        }

        ulong? quota = parts[0].Equals(ByteValues.V2Unlimited, StringComparison.OrdinalIgnoreCase) || parts[0] == "-1"
            ? null
            : Number(parts[0], value, key);
        ulong? period = parts.Length == 2 ? Number(parts[1], value, key) : null;
        if (quota is < MinQuotaUs)
        {
            throw KeyErrors.BadValue(key, value, $"has a quota below the kernel's minimum of {MinQuotaUs} µs");
        }

        if (period is < MinPeriodUs or > MaxPeriodUs)
        {
            throw KeyErrors.BadValue(key, value, $"has a period outside {MinPeriodUs}..{MaxPeriodUs} µs");
        }

        return new CpuQuota(quota, period);
    }

    /// <summary>v2 <c>cpu.max</c> contents, "max 100000" or "50000 100000".</summary>
    public static CpuQuota? ParseV2(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !TryNumber(parts[1], out ulong period))
        {
            return null;
        }

        if (parts[0] == ByteValues.V2Unlimited)
        {
            return new CpuQuota(null, period);
        }

        return TryNumber(parts[0], out ulong quota) ? new CpuQuota(quota, period) : null;
    }

    /// <summary>v1 <c>cpu.cfs_quota_us</c> ("-1" or µs) and <c>cpu.cfs_period_us</c>.</summary>
    public static CpuQuota? ParseV1(string quotaText, string periodText)
    {
        ArgumentNullException.ThrowIfNull(quotaText);
        if (!TryNumber(periodText.Trim(), out ulong period))
        {
            return null;
        }

        string quota = quotaText.Trim();
        if (quota.StartsWith('-'))
        {
            return new CpuQuota(null, period); // -1; the kernel shows any "no limit" that way
        }

        return TryNumber(quota, out ulong q) ? new CpuQuota(q, period) : null;
    }

    /// <summary>The v2 <c>cpu.max</c> text: "QUOTA PERIOD" (or just the quota when the period is kept).</summary>
    public string ToV2() => PeriodUs is { } p ? $"{QuotaText} {p.ToString(CultureInfo.InvariantCulture)}" : QuotaText;

    /// <summary>The v1 <c>cpu.cfs_quota_us</c> text.</summary>
    public string ToV1Quota() => QuotaUs is { } q ? q.ToString(CultureInfo.InvariantCulture) : "-1";

    /// <summary>The neutral text, the same as v2's.</summary>
    public override string ToString() => ToV2();

    private string QuotaText => QuotaUs is { } q ? q.ToString(CultureInfo.InvariantCulture) : ByteValues.V2Unlimited;

    private static ulong Number(string text, KeyValue value, string key) =>
        TryNumber(text, out ulong n) ? n : throw KeyErrors.BadValue(key, value, $"has '{text}', which is not a number of microseconds");

    private static bool TryNumber(string text, out ulong n) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n);
}
