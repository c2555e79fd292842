using CgManager.Tests.Requirements;

namespace CgManager.Integration.Tests.V2;

// Shadow xunit's [Fact] and [Theory] here (see ../RealKernelAttributes.cs): the tests of this
// namespace boot the pure cgroup-v2 VM, and skip with the reason where it cannot boot.

/// <summary>A fact that boots the pure cgroup-v2 VM.</summary>
public sealed class FactAttribute : Xunit.FactAttribute
{
    public FactAttribute() => Skip = HostRequirements.MissingForVm;
}

/// <summary>A theory that boots the pure cgroup-v2 VM.</summary>
public sealed class TheoryAttribute : Xunit.TheoryAttribute
{
    public TheoryAttribute() => Skip = HostRequirements.MissingForVm;
}
