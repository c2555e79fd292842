using CgManager.Linux.Proc;

namespace CgManager.Linux.Tests.Proc;

public class FdInfoTests
{
    // `cat /proc/self/fdinfo/N` of a pidfd on the 6.18 test machine, verbatim.
    private const string Pidfd = "pos:\t0\nflags:\t02000002\nmnt_id:\t4\nino:\t603090\nPid:\t20038\nNSpid:\t20038\n";

    [Fact]
    public void A_pidfd_gives_its_pid_and_nspid()
    {
        FdInfo info = FdInfo.Parse(Pidfd);
        Assert.True(info.IsPidfd);
        Assert.Equal(20038, info.Pid);
        Assert.Equal([20038], info.NSpid);
    }

    [Fact]
    public void A_pidfd_of_a_task_in_nested_pid_namespaces_lists_each_pid() =>
        Assert.Equal([5000, 12, 1], FdInfo.Parse("pos:\t0\nflags:\t02000002\nmnt_id:\t4\nino:\t1\nPid:\t5000\nNSpid:\t5000\t12\t1\n").NSpid);

    [Theory]
    [InlineData("Pid:\t-1\nNSpid:\t-1\n", -1)] // its task has exited
    [InlineData("Pid:\t0\nNSpid:\t0\n", 0)] // its task is outside the reader's pid namespace
    public void The_kernels_special_pids_are_kept(string text, int pid) => Assert.Equal(pid, FdInfo.Parse(text).Pid);

    [Fact]
    public void An_ordinary_file_is_no_pidfd() => Assert.False(FdInfo.Parse("pos:\t0\nflags:\t0100000\nmnt_id:\t24\nino:\t3\n").IsPidfd);

    [Fact]
    public void Lines_of_other_kinds_of_fd_are_skipped_whatever_their_shape()
    {
        // An inotify fd: "inotify wd:..." lines with several colons; an epoll one has "tfd:" lines.
        const string inotify = "pos:\t0\nflags:\t02004000\nmnt_id:\t16\nino:\t1057\ninotify wd:1 ino:2 sdev:800001 mask:2 ignored_mask:0 fhandle-bytes:8\nno colon here\n";
        Assert.False(FdInfo.Parse(inotify).IsPidfd);
    }

    [Theory]
    [InlineData("Pid:\t12x\n", "Pid is not -1 or a non-negative decimal number")]
    [InlineData("Pid:\t\n", "Pid is not -1 or a non-negative decimal number")]
    [InlineData("Pid:\t-2\n", "Pid is not -1 or a non-negative decimal number")]
    [InlineData("Pid:\t+5\n", "Pid is not -1 or a non-negative decimal number")]
    [InlineData("Pid:\t5\nPid:\t6\n", "Pid appears twice")]
    [InlineData("Pid:\t5\nNSpid:\t5 x\n", "NSpid entry 'x'")]
    [InlineData("NSpid:\t5\nNSpid:\t5\n", "NSpid appears twice")]
    public void A_malformed_pidfd_line_is_a_FormatException_that_says_what_and_where(string text, string problem)
    {
        var e = Assert.Throws<FormatException>(() => FdInfo.Parse(text));
        Assert.Contains("/proc/PID/fdinfo/FD line ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Our_own_pidfd_names_our_pid()
    {
        using SafeFd pidfd = Sys.PidfdOpen(Environment.ProcessId);
        FdInfo info = ProcFs.Default.ReadSelfFdInfo(pidfd.Fd);
        Assert.Equal(Environment.ProcessId, info.Pid);
        Assert.Equal(Environment.ProcessId, info.NSpid[^1]);
    }

    [Fact]
    public void An_fd_that_is_not_open_is_ENOENT()
    {
        var e = Assert.Throws<LinuxException>(() => ProcFs.Default.ReadSelfFdInfo(1_000_000));
        Assert.Equal(Errno.ENOENT, e.Errno);
    }
}
