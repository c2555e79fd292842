using CgManager.Core.Errors;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>A process held by a pidfd while a request acts on it, so that a pid freed and reused meanwhile is refused, never moved.</summary>
internal static class VictimPin
{
    public static SafeFd Open(int pid)
    {
        if (pid <= 0)
        {
            throw new CgException(CgErrorKind.NoSuchProcess, $"pid {pid} does not name a process");
        }

        try
        {
            return Sys.PidfdOpen(pid);
        }
        catch (LinuxException e) when (e.Errno == Errno.ESRCH)
        {
            throw new CgException(CgErrorKind.NoSuchProcess, $"process {pid} does not exist");
        }
        catch (LinuxException e)
        {
            throw KernelErrors.ToCgException(e, $"pinning process {pid}");
        }
    }

    public static void EnsureAlive(SafeFd pidfd, int pid)
    {
        try
        {
            Sys.PidfdSendSignal(pidfd, (Signal)0);
        }
        catch (LinuxException)
        {
            throw new CgException(CgErrorKind.NoSuchProcess, $"process {pid} exited during the request");
        }
    }
}
