using System.Diagnostics;

namespace CgManager.Linux.Tests.Kernel;

public class ProcessTests
{
    /// <summary>A child this test started; killed by its own pid if a test left it running.</summary>
    private sealed class Child : IDisposable
    {
        public Child() => Process = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;

        public Process Process { get; }

        public int Pid => Process.Id;

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                Process.WaitForExit();
            }

            Process.Dispose();
        }
    }

    [Fact]
    public void Pidfd_open_of_a_child_then_pidfd_send_signal_kills_it()
    {
        using var child = new Child();
        using SafeFd pidfd = Sys.PidfdOpen(child.Pid);
        FdAssert.IsCloseOnExec(pidfd);

        Sys.PidfdSendSignal(pidfd, Signal.SIGKILL);

        Assert.True(child.Process.WaitForExit(10_000), "child survived SIGKILL");
        Assert.Equal(128 + (int)Signal.SIGKILL, child.Process.ExitCode);
    }

    [Fact]
    public void A_pidfd_of_a_reaped_process_signals_ESRCH_instead_of_hitting_a_reused_pid()
    {
        using var child = new Child();
        using SafeFd pidfd = Sys.PidfdOpen(child.Pid);
        child.Process.Kill();
        child.Process.WaitForExit();

        FdAssert.Fails(Errno.ESRCH, () => Sys.PidfdSendSignal(pidfd, Signal.SIGTERM));
    }

    [Fact]
    public void Kill_signals_a_child_by_pid()
    {
        using var child = new Child();
        Sys.Kill(child.Pid, Signal.SIGTERM);
        Assert.True(child.Process.WaitForExit(10_000));
        Assert.Equal(128 + (int)Signal.SIGTERM, child.Process.ExitCode);
    }

    [Fact]
    public void Pidfd_open_of_a_pid_that_does_not_exist_is_ESRCH()
    {
        int pidMax = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim());
        LinuxException e = FdAssert.Fails(Errno.ESRCH, () => Sys.PidfdOpen(pidMax + 1));
        Assert.Equal("pidfd_open", e.Operation);
    }

    [Fact]
    public void Identity_calls_agree_with_the_runtime_and_proc()
    {
        Assert.Equal(Environment.ProcessId, Sys.GetPid());
        Assert.True(Sys.GetTid() > 0);
        string status = File.ReadAllText("/proc/thread-self/status");
        Assert.Contains($"\nPid:\t{Sys.GetTid()}\n", status, StringComparison.Ordinal);
        Assert.Contains($"\nUid:\t{Sys.GetUid()}\t{Sys.GetEuid()}\t", status, StringComparison.Ordinal);
        Assert.Contains($"\nGid:\t{Sys.GetGid()}\t{Sys.GetEgid()}\t", status, StringComparison.Ordinal);
    }

    [Fact]
    public void File_limit_can_be_read_and_set_to_its_current_value()
    {
        (ulong soft, ulong hard) = Sys.GetFileLimit();
        Assert.True(soft <= hard);
        Sys.SetFileLimit(soft, hard);
        Assert.Equal((soft, hard), Sys.GetFileLimit());
        FdAssert.Fails(Errno.EINVAL, () => Sys.SetFileLimit(hard == ulong.MaxValue ? hard : hard + 1, hard));
    }

    [Fact]
    public void Umask_returns_the_previous_mask()
    {
        uint old = Sys.Umask(Convert.ToUInt32("022", 8));
        Assert.Equal(Convert.ToUInt32("022", 8), Sys.Umask(old));
    }

    [Fact]
    public void Clearing_the_parent_death_signal_succeeds() =>
        Sys.SetParentDeathSignal(0);
}
