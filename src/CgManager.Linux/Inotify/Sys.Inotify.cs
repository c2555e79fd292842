namespace CgManager.Linux;

public static unsafe partial class Sys
{
    /// <summary>inotify_init1(IN_CLOEXEC, plus IN_NONBLOCK if asked).</summary>
    public static SafeFd InotifyInit1(bool nonBlocking = false) =>
        new(Check(Interop.inotify_init1(Interop.IN_CLOEXEC | (nonBlocking ? Interop.IN_NONBLOCK : 0)), "inotify_init1", null));

    /// <summary>inotify_add_watch(2); returns the watch descriptor.</summary>
    public static int InotifyAddWatch(SafeFd inotify, string path, InotifyMask mask, string? subject = null)
    {
        byte[] p = Interop.CPath(path);
        using var d = new FdLease(inotify);
        fixed (byte* pp = p)
        {
            return Check(Interop.inotify_add_watch(d.Value, pp, (uint)mask), "inotify_add_watch", subject ?? path);
        }
    }

    /// <summary>inotify_rm_watch(2).</summary>
    public static void InotifyRmWatch(SafeFd inotify, int watchDescriptor)
    {
        using var d = new FdLease(inotify);
        Check(Interop.inotify_rm_watch(d.Value, watchDescriptor), "inotify_rm_watch", $"watch {watchDescriptor}");
    }
}
