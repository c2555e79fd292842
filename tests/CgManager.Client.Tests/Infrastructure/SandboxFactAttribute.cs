using CgManager.Tests.Requirements;

namespace CgManager.Client.Tests.Infrastructure;

/// <summary>A fact that runs the real daemon in a cgroup sandbox: skipped, with the reason, where the machine cannot.</summary>
public sealed class SandboxFactAttribute : FactAttribute
{
    public SandboxFactAttribute() => Skip = HostRequirements.MissingForCgroupTests;
}

/// <summary>A theory that runs the real daemon in a cgroup sandbox: skipped, with the reason, where the machine cannot.</summary>
public sealed class SandboxTheoryAttribute : TheoryAttribute
{
    public SandboxTheoryAttribute() => Skip = HostRequirements.MissingForCgroupTests;
}
