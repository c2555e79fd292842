using CgManager.Core.Errors;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>Turns a failed system call into the domain error a client sees, keeping the kernel's words.</summary>
internal static class KernelErrors
{
    public static CgException ToCgException(LinuxException e, string what)
    {
        CgErrorKind kind = e.Errno switch
        {
            Errno.ENOENT or Errno.ENOTDIR => CgErrorKind.NoSuchCgroup,
            Errno.EPERM or Errno.EACCES or Errno.EROFS => CgErrorKind.PermissionDenied,
            Errno.EBUSY or Errno.ENOTEMPTY => CgErrorKind.Busy,
            Errno.ESRCH => CgErrorKind.NoSuchProcess,
            Errno.EINVAL or Errno.ERANGE => CgErrorKind.InvalidArgument, // the kernel refused the value
            Errno.ENODEV => CgErrorKind.InvalidArgument,                 // the value names a device the kernel does not have
            Errno.EOPNOTSUPP => CgErrorKind.NotSupported,                // e.g. a weight for a device whose scheduler has none
            Errno.EXDEV or Errno.ELOOP => CgErrorKind.PermissionDenied,  // openat2 refused an escape
            _ => CgErrorKind.Failed,
        };
        return new CgException(kind, $"{what}: {e.Errno.Describe()}", e);
    }

    /// <summary>Runs <paramref name="action"/>, translating kernel errors.</summary>
    public static T Do<T>(string what, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (LinuxException e)
        {
            throw ToCgException(e, what);
        }
    }

    public static void Do(string what, Action action)
    {
        try
        {
            action();
        }
        catch (LinuxException e)
        {
            throw ToCgException(e, what);
        }
    }
}
