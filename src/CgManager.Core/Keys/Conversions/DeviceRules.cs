namespace CgManager.Core.Keys.Conversions;

/// <summary>
/// v1 device cgroup rules: "a" (all), or "TYPE MAJOR:MINOR ACCESS" with TYPE a, b or c, MAJOR and MINOR a number
/// or *, ACCESS some of r, w, m (Documentation/admin-guide/cgroup-v1/devices.rst).
/// </summary>
public static class DeviceRules
{
    /// <summary>What <c>devices.list</c> shows when everything is allowed.</summary>
    public const string AllowAll = "a *:* rwm";

    /// <summary>The rule with single spaces, or null if it is not a device rule.</summary>
    public static string? Normalize(string rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        string[] parts = rule.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 1 && parts[0] == "a")
        {
            return "a";
        }

        if (parts.Length != 3 || parts[0] is not ("a" or "b" or "c"))
        {
            return null;
        }

        string[] numbers = parts[1].Split(':');
        if (numbers.Length != 2 || !numbers.All(n => n == "*" || (n.Length is > 0 and <= 10 && n.All(char.IsAsciiDigit))))
        {
            return null;
        }

        string access = parts[2];
        if (access.Length is 0 or > 3 || !access.All(c => c is 'r' or 'w' or 'm') || access.Distinct().Count() != access.Length)
        {
            return null;
        }

        return string.Join(' ', parts);
    }
}
