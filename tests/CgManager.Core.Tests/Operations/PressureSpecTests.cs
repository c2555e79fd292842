using CgManager.Core.Errors;
using CgManager.Core.Operations;

namespace CgManager.Core.Tests.Operations;

public class PressureSpecTests
{
    [Theory]
    [InlineData("memory", "some", 150000u, 1000000u, true, null)]
    [InlineData("io", "full", 500000u, 500000u, true, null)]
    [InlineData("cpu", "some", 100000u, 2000000u, false, null)]
    [InlineData("cpu", "some", 100000u, 1000000u, false, CgErrorKind.PermissionDenied)]
    [InlineData("gpu", "some", 100000u, 1000000u, true, CgErrorKind.InvalidArgument)]
    [InlineData("cpu", "most", 100000u, 1000000u, true, CgErrorKind.InvalidArgument)]
    [InlineData("cpu", "some", 0u, 1000000u, true, CgErrorKind.InvalidArgument)]
    [InlineData("cpu", "some", 100000u, 11000000u, true, CgErrorKind.InvalidArgument)]
    public void Triggers_are_checked_as_the_kernel_checks_them(string resource, string kind, uint threshold, uint window, bool privileged, CgErrorKind? refused)
    {
        var spec = new PressureSpec(resource, kind, threshold, window);
        if (refused is null)
        {
            spec.Validate(privileged);
            Assert.Equal($"{kind} {threshold} {window}", spec.TriggerText);
        }
        else
        {
            Assert.Equal(refused, Assert.Throws<CgException>(() => spec.Validate(privileged)).Kind);
        }
    }
}
