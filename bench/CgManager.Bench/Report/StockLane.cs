using CgManager.Bench.Load;

namespace CgManager.Bench.Report;

/// <summary>What one stock client library measured: Ping and the cycle through it, or nothing when it was skipped.</summary>
internal sealed class StockLane(string label, string key, string library, string package)
{
    /// <summary>The name in tables and progress ("libdbus", "sd-bus").</summary>
    public string Label { get; } = label;

    /// <summary>The name in JSON keys and load kinds ("libdbus", "sdbus").</summary>
    public string Key { get; } = key;

    public string Library { get; } = library;

    /// <summary>The Debian package that has <see cref="Library"/>.</summary>
    public string Package { get; } = package;

    public string PingKind => Key + "-ping";

    public string CycleKind => Key + "-cycle";

    public List<LoadResult> Pings { get; } = [];

    public List<LoadResult> Cycles { get; } = [];

    public LoadResult? PingFor(int clients) => Pings.FirstOrDefault(f => f.Clients == clients);

    public LoadResult? CycleFor(int clients) => Cycles.FirstOrDefault(f => f.Clients == clients);
}
