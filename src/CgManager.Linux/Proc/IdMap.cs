namespace CgManager.Linux.Proc;

/// <summary>One line of /proc/PID/uid_map or gid_map: ids [Inside, Inside+Count) map to [Outside, Outside+Count).</summary>
public readonly record struct IdMapRange(uint Inside, uint Outside, uint Count);

/// <summary>A parsed uid_map or gid_map. Lookups are checked against wrap-around.</summary>
public sealed class IdMap
{
    public IdMap(IReadOnlyList<IdMapRange> ranges) => Ranges = ranges;

    public IReadOnlyList<IdMapRange> Ranges { get; }

    /// <summary>The initial user namespace's map, "0 0 4294967295".</summary>
    public static IdMap Identity { get; } = new([new IdMapRange(0, 0, uint.MaxValue)]);

    /// <summary>True when this is exactly the initial namespace's map.</summary>
    public bool IsIdentity => throw new NotImplementedException();

    /// <summary>Parses map text; throws FormatException (precise message) for malformed or wrapping lines.</summary>
    public static IdMap Parse(string text) => throw new NotImplementedException();

    /// <summary>Host (outside) id to the id inside the namespace; false if unmapped.</summary>
    public bool TryMapToInside(uint hostId, out uint insideId) => throw new NotImplementedException();

    /// <summary>Inside id to the host (outside) id; false if unmapped.</summary>
    public bool TryMapToOutside(uint insideId, out uint hostId) => throw new NotImplementedException();
}
