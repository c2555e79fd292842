using System.Globalization;

namespace CgManager.Core.Keys.Conversions;

/// <summary>A block device as cgroup files name it: "MAJOR:MINOR".</summary>
public readonly record struct DeviceNumber(uint Major, uint Minor) : IComparable<DeviceNumber>
{
    public static bool TryParse(string text, out DeviceNumber device)
    {
        ArgumentNullException.ThrowIfNull(text);
        device = default;
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !uint.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out uint major)
            || !uint.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out uint minor))
        {
            return false;
        }

        device = new DeviceNumber(major, minor);
        return true;
    }

    public int CompareTo(DeviceNumber other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(DeviceNumber left, DeviceNumber right) => left.CompareTo(right) < 0;

    public static bool operator >(DeviceNumber left, DeviceNumber right) => left.CompareTo(right) > 0;

    public static bool operator <=(DeviceNumber left, DeviceNumber right) => left.CompareTo(right) <= 0;

    public static bool operator >=(DeviceNumber left, DeviceNumber right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Major.ToString(CultureInfo.InvariantCulture)}:{Minor.ToString(CultureInfo.InvariantCulture)}";
}
