namespace CgManager.Linux;

/// <summary>
/// Small typed wrappers over the system calls, one partial file per family. They add
/// O_CLOEXEC to every fd, retry EINTR (and nothing else unless said so), and turn failures
/// into <see cref="LinuxException"/> carrying the call, the errno and what it was applied to.
/// Path arguments take an optional <c>subject</c>, the text errors name instead of the path
/// (a caller that resolves beneath a directory fd passes the full path it means).
/// </summary>
public static partial class Sys
{
    private static int Check(int rc, string operation, string? subject) =>
        rc >= 0 ? rc : throw LinuxException.FromLast(operation, subject);
}
