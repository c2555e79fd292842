namespace CgManager.Linux;

public static unsafe partial class Sys
{
    /// <summary>unshare(2). Affects the calling thread; CLONE_NEWNS and CLONE_NEWUSER must be done before other threads matter.</summary>
    public static void Unshare(CloneFlags flags) =>
        Check(Interop.unshare((int)flags), "unshare", flags.ToString());

    /// <summary>setns(2) to the namespace an fd (from /proc/PID/ns/*, or a pidfd) refers to; <paramref name="nstype"/> None accepts any kind.</summary>
    public static void SetNs(SafeFd fd, CloneFlags nstype, string? subject = null)
    {
        using var d = new FdLease(fd);
        Check(Interop.setns(d.Value, (int)nstype), "setns", subject ?? nstype.ToString());
    }

    /// <summary>mount(2). For MS_PRIVATE/MS_REC changes source and fsType are null.</summary>
    public static void Mount(string? source, string target, string? fsType, MountFlags flags, string? data = null)
    {
        byte[]? s = Interop.CPathOrNull(source);
        byte[] t = Interop.CPath(target);
        byte[]? f = Interop.CPathOrNull(fsType);
        byte[]? o = Interop.CPathOrNull(data);
        fixed (byte* sp = s)
        fixed (byte* tp = t)
        fixed (byte* fp = f)
        fixed (byte* op = o)
        {
            Check(Interop.mount(sp, tp, fp, (nuint)(ulong)flags, op), "mount", $"{source ?? "none"} on {target} ({fsType ?? "-"}, {flags})");
        }
    }

    /// <summary>umount2(2).</summary>
    public static void Umount2(string target, UnmountFlags flags = UnmountFlags.None)
    {
        byte[] t = Interop.CPath(target);
        fixed (byte* tp = t)
        {
            Check(Interop.umount2(tp, (int)flags), "umount2", target);
        }
    }

    /// <summary>pivot_root(2); pivot_root(".", ".") stacks the old root on the new one, to be detached next.</summary>
    public static void PivotRoot(string newRoot, string putOld)
    {
        byte[] n = Interop.CPath(newRoot);
        byte[] o = Interop.CPath(putOld);
        fixed (byte* np = n)
        fixed (byte* op = o)
        {
            Check(Interop.pivot_root(np, op), "pivot_root", $"{newRoot} (old root at {putOld})");
        }
    }
}
