using CgManager.Contract;

namespace CgManager.Client.Tests.Contract;

/// <summary>Each interface's error table, both ways: the daemon names a kind, a client reads the kind back.</summary>
public sealed class ErrorTableTests
{
    public static TheoryData<CgErrorKind> Kinds => new(Enum.GetValues<CgErrorKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Manager1_names_each_kind_and_reads_it_back_from_the_name(CgErrorKind kind)
    {
        string name = ErrorTable.Manager1.NameOf(kind);
        Assert.Equal("org.linuxcontainers.cgmanager.Error." + kind, name);
        Assert.Equal(kind, ErrorTable.Manager1.KindOf(name, "whatever the message says"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_compat_interface_says_InvalidArgs_and_the_kind_is_read_from_the_reason(CgErrorKind kind)
    {
        Assert.Equal("org.freedesktop.DBus.Error.InvalidArgs", ErrorTable.Compat.NameOf(kind));
        Assert.Equal(kind, ErrorTable.Compat.KindOf(ErrorTable.InvalidArgs, CgErrorReasons.Format(kind, "memory: /x: detail")));
    }

    [Theory]
    [InlineData("org.freedesktop.DBus.Error.UnknownMethod", "no such method")]
    [InlineData("org.freedesktop.DBus.Error.InvalidArgs", "argument 1 is not a string")]
    [InlineData("org.freedesktop.DBus.Error.InvalidArgs", "failed")]
    [InlineData("org.freedesktop.DBus.Error.InvalidArgs", "busyness: x")]
    public void Errors_that_are_not_refusals_of_the_contract_have_no_kind(string name, string message)
    {
        Assert.Null(ErrorTable.Compat.KindOf(name, message));
        Assert.Null(ErrorTable.Manager1.KindOf(name, message));
    }

    [Fact]
    public void Restore_failed_is_not_read_as_failed() =>
        Assert.Equal(CgErrorKind.RestoreFailed, CgErrorReasons.Parse("restore failed: memory.max: EBUSY"));

    [Fact]
    public void A_table_must_name_every_kind()
    {
        var names = Enum.GetValues<CgErrorKind>().ToDictionary(k => k, k => $"org.example.Error.{k}");
        Assert.Equal(CgErrorKind.Busy, new ErrorTable(names).KindOf("org.example.Error.Busy", ""));
        names.Remove(CgErrorKind.Busy);
        Assert.Throws<ArgumentException>(() => new ErrorTable(names));
    }
}
