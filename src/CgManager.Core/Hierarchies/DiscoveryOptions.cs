namespace CgManager.Core.Hierarchies;

/// <summary>The command-line options that shape discovery (spec §6.1).</summary>
/// <param name="ExtraMounts"><c>-m</c>: controllers or <c>name=X</c> to manage even though /proc/cgroups does not list them.</param>
/// <param name="Skip"><c>-M</c>: tokens naming hierarchies to leave alone (any member, <c>name=X</c>, or <c>unified</c>).</param>
public sealed record DiscoveryOptions(IReadOnlyList<string> ExtraMounts, IReadOnlyList<string> Skip)
{
    /// <summary>No <c>-m</c>, no <c>-M</c>.</summary>
    public static DiscoveryOptions None { get; } = new([], []);

    /// <summary>From the option values as typed, comma lists (null when absent); empty tokens are dropped.</summary>
    public static DiscoveryOptions FromCommandLine(string? extraMounts, string? skip) =>
        new(SplitList(extraMounts), SplitList(skip));

    private static string[] SplitList(string? list) =>
        list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
