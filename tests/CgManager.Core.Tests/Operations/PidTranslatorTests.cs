using CgManager.Core.Errors;
using CgManager.Core.Operations;
using CgManager.Linux;
using CgManager.Linux.Proc;

namespace CgManager.Core.Tests.Operations;

/// <summary>A pidfd's host pid comes from the daemon's own fdinfo of it, read through the injectable ProcFs (here a fake tree).</summary>
public sealed class PidTranslatorTests : IDisposable
{
    private const int Fd = 9;
    private readonly string _proc = Directory.CreateTempSubdirectory("cgm-pidfd-").FullName;

    public PidTranslatorTests() => Directory.CreateDirectory(Path.Combine(_proc, "self", "fdinfo"));

    public void Dispose() => Directory.Delete(_proc, recursive: true);

    [Fact]
    public void A_pidfd_gives_the_pid_its_fdinfo_names()
    {
        Fdinfo("pos:\t0\nflags:\t02000002\nmnt_id:\t4\nino:\t1\nPid:\t4321\nNSpid:\t4321\n");
        Assert.Equal(4321, FromPidfd());
    }

    [Theory]
    [InlineData("Pid:\t-1\nNSpid:\t-1\n")]
    [InlineData("Pid:\t0\nNSpid:\t0\n")]
    public void A_pidfd_whose_task_has_exited_is_NoSuchProcess(string text)
    {
        Fdinfo("pos:\t0\nflags:\t02000002\nmnt_id:\t4\nino:\t1\n" + text);
        var e = Assert.Throws<CgException>(() => FromPidfd());
        Assert.Equal(CgErrorKind.NoSuchProcess, e.Kind);
        Assert.Equal("no such process: the pidfd's process has exited", e.Message);
    }

    [Fact]
    public void An_fd_that_is_no_pidfd_is_InvalidArgument()
    {
        Fdinfo("pos:\t0\nflags:\t0100000\nmnt_id:\t24\nino:\t3\n");
        var e = Assert.Throws<CgException>(() => FromPidfd());
        Assert.Equal(CgErrorKind.InvalidArgument, e.Kind);
        Assert.Equal("invalid argument: the fd is not a pidfd", e.Message);
    }

    [Fact]
    public void Unreadable_or_malformed_fdinfo_is_InvalidArgument_saying_why()
    {
        var missing = Assert.Throws<CgException>(() => FromPidfd());
        Assert.Equal(CgErrorKind.InvalidArgument, missing.Kind);
        Assert.StartsWith("invalid argument: cannot read the pidfd: ", missing.Message, StringComparison.Ordinal);

        Fdinfo("Pid:\tnot-a-number\n");
        var malformed = Assert.Throws<CgException>(() => FromPidfd());
        Assert.Equal(CgErrorKind.InvalidArgument, malformed.Kind);
        Assert.Contains("Pid is not -1 or a non-negative decimal number", malformed.Message, StringComparison.Ordinal);
    }

    private void Fdinfo(string text) => File.WriteAllText(Path.Combine(_proc, "self", "fdinfo", Fd.ToString(System.Globalization.CultureInfo.InvariantCulture)), text);

    private int FromPidfd()
    {
        // Only the number is used: fdinfo is read from the fake tree, never from the real fd table.
        using var fd = new SafeFd(Fd, ownsHandle: false);
        return new PidTranslator(new ProcFs(_proc)).FromPidfd(fd);
    }
}
