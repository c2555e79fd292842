using System.Runtime.InteropServices;

namespace CgManager.Linux;

/// <summary>
/// Owns one file descriptor and closes it exactly once. Every fd the daemon holds
/// (sockets, received SCM_RIGHTS fds, directory handles, pidfds) lives in one of these.
/// </summary>
public sealed class SafeFd : SafeHandle
{
    public SafeFd() : base(new IntPtr(-1), ownsHandle: true) { }

    public SafeFd(int fd, bool ownsHandle = true) : base(new IntPtr(-1), ownsHandle) => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The raw descriptor number; valid only while this object is alive.</summary>
    public int Fd => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => Interop.close(Fd) == 0;
}
