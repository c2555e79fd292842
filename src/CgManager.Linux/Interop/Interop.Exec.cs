using System.Runtime.InteropServices;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    internal const int SIG_SETMASK = 2;

    /// <summary>sizeof(sigset_t) in glibc (1024 bits), larger than the kernel's; zeroed means "block nothing".</summary>
    internal const int SigsetSize = 128;

    internal static readonly nint SIG_DFL = 0;

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int execvp(byte* file, byte** argv);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial nint signal(int signum, nint handler);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int sigprocmask(int how, byte* set, byte* oldset);
}
