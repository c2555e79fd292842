using System.Globalization;

namespace CgManager.Core.Keys.Conversions;

/// <summary>
/// The kernel's list format for <c>cpuset.cpus</c> and <c>cpuset.mems</c> ("0-3,8,10-11"), the same on v1 and v2
/// (Documentation/admin-guide/cgroup-v2.rst, "Cpuset Interface Files").
/// </summary>
public static class CpuLists
{
    /// <summary>
    /// The list without white space, or null if it is not a list of numbers and ascending ranges. Empty is a
    /// valid list (on v2 it means "use the parent's").
    /// </summary>
    public static string? Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        if (compact.Length == 0)
        {
            return compact;
        }

        foreach (string part in compact.Split(','))
        {
            string[] ends = part.Split('-');
            if (ends.Length > 2 || !ends.All(IsIndex))
            {
                return null;
            }

            if (ends.Length == 2 && Index(ends[0]) > Index(ends[1]))
            {
                return null;
            }
        }

        return compact;
    }

    private static bool IsIndex(string text) =>
        text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit);

    private static int Index(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
