using System.Globalization;

namespace CgManager.Core.Keys.Conversions;

/// <summary>
/// The RFC's <c>cpus_number</c> and <c>cpus_fraction</c>: CFS bandwidth as a number of CPUs (quota / period) or
/// as a percentage of the CPUs the cgroup may use (100 × quota / (period × CPUs)). Both keep the period in force.
/// </summary>
public static class CpuBandwidth
{
    /// <summary>The quota in µs that gives <paramref name="cpus"/> CPUs' worth of time per period, at least the kernel's 1 ms.</summary>
    public static ulong QuotaFor(double cpus, ulong periodUs) =>
        Math.Max(CpuQuota.MinQuotaUs, (ulong)Math.Round(cpus * periodUs, MidpointRounding.AwayFromZero));

    /// <summary>The CPUs' worth a quota gives, to two decimals.</summary>
    public static double CpusOf(ulong quotaUs, ulong periodUs) => Math.Round((double)quotaUs / periodUs, 2);

    /// <summary>The number of CPUs in a cpuset list ("0-3,8" is 5); 0 for an empty or malformed list.</summary>
    public static int Count(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        if (CpuLists.Normalize(list) is not { Length: > 0 } normal)
        {
            return 0;
        }

        int count = 0;
        foreach (string part in normal.Split(','))
        {
            string[] ends = part.Split('-');
            int low = int.Parse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture);
            int high = ends.Length == 2 ? int.Parse(ends[1], NumberStyles.None, CultureInfo.InvariantCulture) : low;
            count += high - low + 1;
        }

        return count;
    }

    /// <summary>A positive decimal from a client ("1.5", 2), or null for no limit ("max", -1).</summary>
    /// <exception cref="Errors.CgException">InvalidArgument for anything else.</exception>
    public static double? ParseRequest(KeyValue value, string key, double upTo)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsMax)
        {
            return null;
        }

        if (!double.TryParse(value.Text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double d) || d <= 0 || d > upTo)
        {
            throw KeyErrors.BadValue(key, value, $"is not a number above 0 and up to {upTo.ToString(CultureInfo.InvariantCulture)}, or max");
        }

        return d;
    }
}
