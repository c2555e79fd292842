using CgManager.Tests.Requirements;

namespace CgManager.Integration.Tests;

// These shadow xunit's [Fact] and [Theory] for every test in this namespace and the ones inside it
// (C# finds a namespace's own types before a using directive's): each test here starts the real daemon
// in a cgroup sandbox, so a machine that cannot do that skips it with the reason instead of failing it.

/// <summary>A fact that needs root and the real kernel's cgroups.</summary>
public sealed class FactAttribute : Xunit.FactAttribute
{
    public FactAttribute() => Skip = HostRequirements.MissingForCgroupTests;
}

/// <summary>A theory that needs root and the real kernel's cgroups.</summary>
public sealed class TheoryAttribute : Xunit.TheoryAttribute
{
    public TheoryAttribute() => Skip = HostRequirements.MissingForCgroupTests;
}
