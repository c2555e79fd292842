namespace CgManager.Linux;

public static unsafe partial class Sys
{
    /// <summary>
    /// Marks an inherited descriptor close-on-exec so that no child keeps it open; throws
    /// LinuxException (EBADF) when <paramref name="fd"/> is not open, which tells the caller early.
    /// </summary>
    public static void SetCloseOnExec(int fd)
    {
        int flags = Check(Interop.fcntl(fd, Interop.F_GETFD, 0), "fcntl(F_GETFD)", $"fd {fd}");
        Check(Interop.fcntl(fd, Interop.F_SETFD, flags | Interop.FD_CLOEXEC), "fcntl(F_SETFD)", $"fd {fd}");
    }

    /// <summary>A second descriptor of the same open file, close-on-exec (what SCM_RIGHTS gives a receiver).</summary>
    public static SafeFd Duplicate(SafeFd fd)
    {
        ArgumentNullException.ThrowIfNull(fd);
        return new SafeFd(Check(Interop.fcntl(fd.Fd, Interop.F_DUPFD_CLOEXEC, 0), "fcntl(F_DUPFD_CLOEXEC)", $"fd {fd.Fd}"));
    }
}
