using System.Runtime.InteropServices;

namespace CgManager.Linux;

/// <summary>
/// A Linux errno value, as a type so that it cannot be mixed up with other integers, and an enum so that
/// callers can <c>switch</c> on it with the kernel's names (<c>case Errno.ENOENT or Errno.ENOTDIR:</c>).
/// Values the kernel returns that are not listed here still round-trip: an enum holds any int.
/// </summary>
public enum Errno
{
    EPERM = 1,
    ENOENT = 2,
    ESRCH = 3,
    EINTR = 4,
    EIO = 5,
    E2BIG = 7,
    EBADF = 9,
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EBUSY = 16,
    EEXIST = 17,
    EXDEV = 18,
    ENODEV = 19,
    ENOTDIR = 20,
    EISDIR = 21,
    EINVAL = 22,
    EMFILE = 24,
    EFBIG = 27,
    ENOSPC = 28,
    EROFS = 30,
    EPIPE = 32,
    ERANGE = 34,
    ENAMETOOLONG = 36,
    ENOSYS = 38,
    ENOTEMPTY = 39,
    ELOOP = 40,
    ENOTSOCK = 88,
    EMSGSIZE = 90,
    EOPNOTSUPP = 95,
    ECONNABORTED = 103,
    ECONNRESET = 104,
    ETIMEDOUT = 110,
    ECONNREFUSED = 111,
}

/// <summary>What an errno knows about itself: its number, the last one set, the C library's text.</summary>
public static class ErrnoExtensions
{
    extension(Errno errno)
    {
        /// <summary>The number the kernel returned, e.g. 2 for ENOENT.</summary>
        public int Value => (int)errno;

        /// <summary>The C library's text for this errno, e.g. "No such file or directory".</summary>
        public string Describe() => Marshal.GetPInvokeErrorMessage((int)errno);

        /// <summary>The errno left by the last P/Invoke declared with SetLastError.</summary>
        public static Errno Last => (Errno)Marshal.GetLastPInvokeError();
    }
}

/// <summary>A failed system call: which call, on what, and the errno.</summary>
public sealed class LinuxException : IOException
{
    public LinuxException(string operation, Errno errno, string? subject = null)
        : base(subject is null ? $"{operation}: {errno.Describe()}" : $"{operation} {subject}: {errno.Describe()}")
    {
        Operation = operation;
        Errno = errno;
        Subject = subject;
    }

    public LinuxException() : this("unknown", Errno.EIO) { }

    public LinuxException(string message) : base(message) { Operation = "unknown"; }

    public LinuxException(string message, Exception inner) : base(message, inner) { Operation = "unknown"; }

    public string Operation { get; }
    public Errno Errno { get; }
    public string? Subject { get; }

    /// <summary>Throws for the last errno.</summary>
    public static LinuxException FromLast(string operation, string? subject = null) => new(operation, Errno.Last, subject);
}
