namespace CgManager.Core.Keys.Conversions;

/// <summary>The writes of a per-device key ("MAJ:MIN ..." lines, one device per write), as their restores need them.</summary>
public static class DeviceWrites
{
    /// <summary>The device a "MAJ:MIN ..." line names, or null.</summary>
    public static DeviceNumber? DeviceOf(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        return DeviceNumber.TryParse(space > 0 ? line[..space] : line, out DeviceNumber device) ? device : null;
    }

    /// <summary>
    /// The attempted writes, last first, one per file and device: a device written twice to one file needs one
    /// restore, of what it held before the first.
    /// </summary>
    public static IEnumerable<(FileWrite Write, DeviceNumber Device)> LastFirstPerDevice(IReadOnlyList<FileWrite> attempted)
    {
        ArgumentNullException.ThrowIfNull(attempted);
        var seen = new HashSet<(string, DeviceNumber)>();
        for (int i = attempted.Count - 1; i >= 0; i--)
        {
            if (DeviceOf(attempted[i].Text) is { } device && seen.Add((attempted[i].File, device)))
            {
                yield return (attempted[i], device);
            }
        }
    }
}
