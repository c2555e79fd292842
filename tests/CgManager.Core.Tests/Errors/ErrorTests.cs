using CgManager.Core.Errors;

namespace CgManager.Core.Tests.Errors;

public class ErrorTests
{
    [Theory]
    [InlineData(CgErrorKind.PermissionDenied, "permission denied: ")]
    [InlineData(CgErrorKind.NoSuchCgroup, "no such cgroup: ")]
    [InlineData(CgErrorKind.InvalidCgroupName, "invalid cgroup name: ")]
    [InlineData(CgErrorKind.InvalidKey, "invalid key: ")]
    [InlineData(CgErrorKind.InvalidController, "invalid controller: ")]
    [InlineData(CgErrorKind.NotSupported, "not supported: ")]
    [InlineData(CgErrorKind.Busy, "busy: ")]
    [InlineData(CgErrorKind.InvalidArgument, "invalid argument: ")]
    [InlineData(CgErrorKind.Namespace, "namespace: ")]
    [InlineData(CgErrorKind.NoSuchProcess, "no such process: ")]
    [InlineData(CgErrorKind.Failed, "failed: ")]
    public void Every_message_starts_with_the_stable_reason_of_its_kind(CgErrorKind kind, string prefix)
    {
        var error = new CgException(kind, "detail");
        Assert.Equal(prefix + "detail", error.Message);
        Assert.Equal("detail", error.Detail);
    }

    [Fact]
    public void The_compat_interface_reports_every_kind_as_InvalidArgs()
    {
        foreach (CgErrorKind kind in Enum.GetValues<CgErrorKind>())
        {
            Assert.Equal("org.freedesktop.DBus.Error.InvalidArgs", ErrorTable.Compat.NameOf(kind));
        }
    }

    [Fact]
    public void Another_interface_can_map_kinds_differently_but_must_map_them_all()
    {
        var names = Enum.GetValues<CgErrorKind>().ToDictionary(k => k, k => $"org.example.Error.{k}");
        Assert.Equal("org.example.Error.Busy", new ErrorTable(names).NameOf(CgErrorKind.Busy));
        names.Remove(CgErrorKind.Busy);
        Assert.Throws<ArgumentException>(() => new ErrorTable(names));
    }

    [Fact]
    public void Context_is_added_after_the_reason()
    {
        CgException error = new CgException(CgErrorKind.NoSuchCgroup, "/a/b does not exist").WithContext("memory");
        Assert.Equal("no such cgroup: memory: /a/b does not exist", error.Message);
        Assert.Equal(CgErrorKind.NoSuchCgroup, error.Kind);
    }
}
