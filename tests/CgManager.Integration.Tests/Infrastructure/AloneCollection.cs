namespace CgManager.Integration.Tests.Infrastructure;

/// <summary>
/// Tests that measure latency or kill the daemon at chosen moments run in this collection: after the
/// parallel ones and one at a time, so the other test classes' daemons and clients do not share the
/// machine's two cores with them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Alone on the machine";
}
