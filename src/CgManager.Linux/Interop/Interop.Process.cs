using System.Runtime.InteropServices;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    internal const int PR_SET_PDEATHSIG = 1;
    internal const int RLIMIT_NOFILE = 7;

    [StructLayout(LayoutKind.Sequential)]
    internal struct rlimit_t
    {
        public ulong rlim_cur;
        public ulong rlim_max;
    }

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int kill(int pid, int sig);

    [LibraryImport(Libc)]
    internal static partial int getpid();

    // gettid via syscall(): glibc wraps it only from 2.30.
    internal static int gettid() => (int)syscall(SYS_gettid, 0, 0, 0, 0);

    internal static long SYS_gettid => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 186,
        Architecture.Arm64 => 178,
        Architecture other => throw new PlatformNotSupportedException($"gettid: syscall number unknown for {other}"),
    };

    [LibraryImport(Libc)]
    internal static partial uint getuid();

    [LibraryImport(Libc)]
    internal static partial uint geteuid();

    [LibraryImport(Libc)]
    internal static partial uint getgid();

    [LibraryImport(Libc)]
    internal static partial uint getegid();

    // prctl is variadic; the same register argument as syscall() applies.
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int prctl(int option, nint arg2, nint arg3, nint arg4, nint arg5);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int getrlimit(int resource, rlimit_t* rlim);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int setrlimit(int resource, rlimit_t* rlim);

    [LibraryImport(Libc)]
    internal static partial uint umask(uint mask);

    internal static int pidfd_open(int pid, uint flags) => (int)syscall(SYS_pidfd_open, pid, (nint)flags, 0, 0);

    internal static int pidfd_send_signal(int pidfd, int sig, void* info, uint flags) =>
        (int)syscall(SYS_pidfd_send_signal, pidfd, sig, (nint)info, (nint)flags);
}
