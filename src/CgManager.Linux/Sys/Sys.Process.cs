using System.Runtime.InteropServices;

namespace CgManager.Linux;

public static unsafe partial class Sys
{
    /// <summary>pidfd_open(2) (Linux 5.3): an fd that pins this process, whatever happens to its pid number. Returned O_CLOEXEC (the kernel always sets it).</summary>
    public static SafeFd PidfdOpen(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        return new SafeFd(Check(Interop.pidfd_open(pid, 0), "pidfd_open", $"pid {pid}"));
    }

    /// <summary>pidfd_send_signal(2) (Linux 5.1): signals exactly the process the pidfd pins; ESRCH once it has exited.</summary>
    public static void PidfdSendSignal(SafeFd pidfd, Signal signal, string? subject = null)
    {
        using var d = new FdLease(pidfd);
        Check(Interop.pidfd_send_signal(d.Value, (int)signal, null, 0), "pidfd_send_signal", subject ?? "(pidfd)");
    }

    /// <summary>kill(2). Prefer <see cref="PidfdSendSignal"/>: a pid number can be reused.</summary>
    public static void Kill(int pid, Signal signal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        Check(Interop.kill(pid, (int)signal), "kill", $"pid {pid}");
    }

    /// <summary>signal(SIG_DFL): the kernel's default action for <paramref name="signal"/>, whatever the parent left (nohup leaves SIGHUP ignored).</summary>
    public static void RestoreDefaultAction(Signal signal)
    {
        if (Interop.signal((int)signal, Interop.SIG_DFL) == -1) // SIG_ERR
        {
            throw new LinuxException("signal", (Errno)Marshal.GetLastPInvokeError(), signal.ToString());
        }
    }

    public static int GetPid() => Interop.getpid();

    public static int GetTid() => Interop.gettid();

    public static uint GetUid() => Interop.getuid();

    public static uint GetEuid() => Interop.geteuid();

    public static uint GetGid() => Interop.getgid();

    public static uint GetEgid() => Interop.getegid();

    /// <summary>prctl(PR_SET_PDEATHSIG): the signal this thread's process gets when its parent thread dies.</summary>
    public static void SetParentDeathSignal(Signal signal) =>
        Check(Interop.prctl(Interop.PR_SET_PDEATHSIG, (int)signal, 0, 0, 0), "prctl(PR_SET_PDEATHSIG)", null);

    /// <summary>getrlimit(RLIMIT_NOFILE).</summary>
    public static (ulong Soft, ulong Hard) GetFileLimit()
    {
        Interop.rlimit_t r;
        Check(Interop.getrlimit(Interop.RLIMIT_NOFILE, &r), "getrlimit(RLIMIT_NOFILE)", null);
        return (r.rlim_cur, r.rlim_max);
    }

    /// <summary>setrlimit(RLIMIT_NOFILE); raising the hard limit needs CAP_SYS_RESOURCE.</summary>
    public static void SetFileLimit(ulong soft, ulong hard)
    {
        var r = new Interop.rlimit_t { rlim_cur = soft, rlim_max = hard };
        Check(Interop.setrlimit(Interop.RLIMIT_NOFILE, &r), "setrlimit(RLIMIT_NOFILE)", $"{soft}/{hard}");
    }

    /// <summary>umask(2): sets the process umask and returns the previous one.</summary>
    public static uint Umask(uint mask) => Interop.umask(mask);
}
