using System.Globalization;

namespace CgManager.Core.Keys.Conversions;

/// <summary>
/// Byte amounts (memory and hugetlb limits): client values with optional binary suffixes, and the two ways the
/// kernel spells "no limit".
/// </summary>
public static class ByteValues
{
    /// <summary>
    /// v1 reads of a limit at or above this are "no limit". An unlimited v1 page counter reads as
    /// PAGE_COUNTER_MAX × PAGE_SIZE (9223372036854771712 with 4 KiB pages, less with 64 KiB pages), and hugetlb
    /// rounds it down further to whole huge pages (2^63 − 2^30 for 1 GiB pages). 2^62 bytes (4 EiB) is below all
    /// of these and above any real memory, so no set limit is mistaken for none.
    /// </summary>
    public const ulong V1UnlimitedThreshold = 1UL << 62;

    /// <summary>What v1 limit files take for "no limit" (page_counter_memparse accepts "-1").</summary>
    public const string V1Unlimited = "-1";

    /// <summary>What v2 limit files take and show for "no limit".</summary>
    public const string V2Unlimited = "max";

    /// <summary>
    /// A client's byte amount: a number, a number with K, M, G or T (binary multiples, as the kernel's memparse),
    /// or no limit (null).
    /// </summary>
    /// <exception cref="Errors.CgException">InvalidArgument.</exception>
    public static ulong? ParseRequest(KeyValue value, string key)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsMax)
        {
            return null;
        }

        if (value.IsNumber)
        {
            return value.Number;
        }

        string text = value.Text.Trim();
        int shift = text.Length == 0 ? -1 : char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            'T' => 40,
            _ => -1,
        };
        if (shift < 0 || !ulong.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong amount))
        {
            throw KeyErrors.BadValue(key, value, "is not a byte amount (a number, optionally with K, M, G or T, or max)");
        }

        if (amount > (ulong.MaxValue >> shift))
        {
            throw KeyErrors.BadValue(key, value, "is too large");
        }

        return amount << shift;
    }

    /// <summary>A limit file's contents: bytes, or null for no limit ("max" on v2, a huge value or "-1" on v1).</summary>
    /// <exception cref="Errors.CgException">Failed if the text is not a limit.</exception>
    public static ulong? ParseFile(CgroupVersion version, string text, string key, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed == V2Unlimited || trimmed == V1Unlimited)
        {
            return null;
        }

        if (!ulong.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out ulong bytes))
        {
            throw KeyErrors.Unreadable(key, file, text);
        }

        return version == CgroupVersion.V1 && bytes >= V1UnlimitedThreshold ? null : bytes;
    }

    /// <summary>What to write to a limit file for <paramref name="bytes"/> (null: no limit).</summary>
    public static string Format(CgroupVersion version, ulong? bytes) => bytes switch
    {
        null => version == CgroupVersion.V1 ? V1Unlimited : V2Unlimited,
        { } b => b.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The neutral value of a limit (null: <see cref="KeyValue.Max"/>).</summary>
    public static KeyValue ToValue(ulong? bytes) => bytes is { } b ? KeyValue.Of(b) : KeyValue.Max;
}
