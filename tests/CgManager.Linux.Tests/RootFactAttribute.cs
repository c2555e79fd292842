using CgManager.Tests.Requirements;

namespace CgManager.Linux.Tests;

/// <summary>A fact that needs root and the real kernel's cgroups: skipped, with the reason, where the machine has neither.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute() => Skip = HostRequirements.MissingForCgroupTests;
}
