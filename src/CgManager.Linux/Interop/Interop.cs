using System.Runtime.InteropServices;

namespace CgManager.Linux;

/// <summary>
/// Every call into libc lives in this partial class, one file per syscall family,
/// with constants under their C names. Wrappers retry EINTR and nothing else.
/// </summary>
internal static unsafe partial class Interop
{
    internal const string Libc = "libc";

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int close(int fd);
}
