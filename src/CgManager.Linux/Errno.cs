using System.Runtime.InteropServices;

namespace CgManager.Linux;

/// <summary>A Linux errno value, as a type so that it cannot be mixed up with other integers.</summary>
public readonly record struct Errno(int Value)
{
    public static readonly Errno EPERM = new(1);
    public static readonly Errno ENOENT = new(2);
    public static readonly Errno ESRCH = new(3);
    public static readonly Errno EINTR = new(4);
    public static readonly Errno EIO = new(5);
    public static readonly Errno E2BIG = new(7);
    public static readonly Errno EBADF = new(9);
    public static readonly Errno EAGAIN = new(11);
    public static readonly Errno ENOMEM = new(12);
    public static readonly Errno EACCES = new(13);
    public static readonly Errno EBUSY = new(16);
    public static readonly Errno EEXIST = new(17);
    public static readonly Errno EXDEV = new(18);
    public static readonly Errno ENODEV = new(19);
    public static readonly Errno ENOTDIR = new(20);
    public static readonly Errno EISDIR = new(21);
    public static readonly Errno EINVAL = new(22);
    public static readonly Errno EMFILE = new(24);
    public static readonly Errno EFBIG = new(27);
    public static readonly Errno ENOSPC = new(28);
    public static readonly Errno EROFS = new(30);
    public static readonly Errno EPIPE = new(32);
    public static readonly Errno ERANGE = new(34);
    public static readonly Errno ENAMETOOLONG = new(36);
    public static readonly Errno ENOSYS = new(38);
    public static readonly Errno ENOTEMPTY = new(39);
    public static readonly Errno ELOOP = new(40);
    public static readonly Errno ENOTSOCK = new(88);
    public static readonly Errno EOPNOTSUPP = new(95);
    public static readonly Errno ECONNRESET = new(104);
    public static readonly Errno ETIMEDOUT = new(110);

    /// <summary>The errno left by the last P/Invoke declared with SetLastError.</summary>
    public static Errno Last => new(Marshal.GetLastPInvokeError());

    /// <summary>The C library's text for this errno, e.g. "No such file or directory".</summary>
    public string Describe() => Marshal.GetPInvokeErrorMessage(Value);

    public override string ToString() => $"errno {Value} ({Describe()})";
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
