using System.Text;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    /// <summary>
    /// A path as the kernel takes it: UTF-8 with a terminating NUL. An embedded NUL would
    /// silently cut the path short at the kernel boundary, so it is refused here; every
    /// path-taking import is declared with byte* so that nothing bypasses this check.
    /// </summary>
    internal static byte[] CPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"path contains a NUL character: \"{path.Replace("\0", "\\0", StringComparison.Ordinal)}\"", nameof(path));
        }

        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    /// <summary>Same as <see cref="CPath"/> for a string that may be null (passed as a NULL pointer).</summary>
    internal static byte[]? CPathOrNull(string? path) => path is null ? null : CPath(path);

    /// <summary>True if the call just made failed with EINTR and should be repeated.</summary>
    internal static bool Interrupted(long rc) => rc < 0 && Errno.Last == Errno.EINTR;
}
