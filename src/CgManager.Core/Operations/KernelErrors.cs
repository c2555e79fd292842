using CgManager.Core.Errors;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>Turns a failed system call into the domain error a client sees, keeping the kernel's words.</summary>
internal static class KernelErrors
{
    public static CgException ToCgException(LinuxException e, string what)
    {
        CgErrorKind kind = e.Errno.Value switch
        {
            2 or 20 => CgErrorKind.NoSuchCgroup,        // ENOENT, ENOTDIR
            1 or 13 or 30 => CgErrorKind.PermissionDenied, // EPERM, EACCES, EROFS
            16 or 39 => CgErrorKind.Busy,               // EBUSY, ENOTEMPTY
            3 => CgErrorKind.NoSuchProcess,             // ESRCH
            22 or 34 => CgErrorKind.InvalidArgument,    // EINVAL, ERANGE: the kernel refused the value
            18 or 40 => CgErrorKind.PermissionDenied,   // EXDEV, ELOOP: openat2 refused an escape
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
