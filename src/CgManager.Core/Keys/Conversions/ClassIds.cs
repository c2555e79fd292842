using System.Globalization;

namespace CgManager.Core.Keys.Conversions;

/// <summary>
/// <c>net_cls.classid</c>: a 32-bit tc class handle 0xAAAABBBB (Documentation/admin-guide/cgroup-v1/net_cls.rst).
/// Clients may give it as a number, as hex "0x100001", or in tc's own "10:1" form (hex major and minor).
/// </summary>
public static class ClassIds
{
    /// <summary>The class id, or null if the text is none of the accepted forms or exceeds 32 bits.</summary>
    public static uint? Parse(KeyValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsNumber)
        {
            return value.Number <= uint.MaxValue ? (uint)value.Number : null;
        }

        string text = value.Text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint id) ? id : null;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && TryHex16(text[..colon], out ushort major))
        {
            string minorText = text[(colon + 1)..];
            ushort minor = 0;
            if (minorText.Length == 0 || TryHex16(minorText, out minor))
            {
                return ((uint)major << 16) | minor; // "10:" is tc's spelling of minor 0
            }
        }

        return null;
    }

    private static bool TryHex16(string text, out ushort value) =>
        ushort.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
