namespace CgManager.Linux;

public static unsafe partial class Sys
{
    /// <summary>openat2 may return EAGAIN if a concurrent rename raced its ".." checks; it is worth a few retries.</summary>
    private const int Openat2AgainRetries = 8;

    // Set once openat2 has answered ENOSYS (kernels before 5.6, or a seccomp filter that
    // hides it): from then on every OpenBeneath takes the fallback without asking again.
    private static volatile bool s_openat2Missing;

    /// <summary>openat(AT_FDCWD, path) with O_CLOEXEC added.</summary>
    public static SafeFd Open(string path, OpenFlags flags, uint mode = 0, string? subject = null) =>
        OpenAt(null, path, flags, mode, subject);

    /// <summary>openat(2) with O_CLOEXEC added; a null <paramref name="dir"/> means AT_FDCWD.</summary>
    public static SafeFd OpenAt(SafeFd? dir, string path, OpenFlags flags, uint mode = 0, string? subject = null)
    {
        byte[] p = Interop.CPath(path);
        int kflags = Interop.ToKernel(flags);
        using var d = new FdLease(dir);
        int fd;
        fixed (byte* pp = p)
        {
            do
            {
                fd = Interop.openat(d.Value, pp, kflags, mode);
            }
            while (Interop.Interrupted(fd));
        }

        return new SafeFd(Check(fd, "openat", subject ?? path));
    }

    /// <summary>
    /// openat2(2) exactly as asked (O_CLOEXEC added), without fallback: ENOSYS on kernels
    /// before 5.6 reaches the caller. A null <paramref name="dir"/> means AT_FDCWD.
    /// </summary>
    public static SafeFd OpenAt2(SafeFd? dir, string path, OpenFlags flags, ResolveFlags resolve, uint mode = 0, string? subject = null)
    {
        byte[] p = Interop.CPath(path);
        var how = new Interop.open_how
        {
            flags = (ulong)(uint)Interop.ToKernel(flags),
            mode = mode,
            resolve = (ulong)resolve,
        };
        using var d = new FdLease(dir);
        int fd;
        int againRetries = 0;
        fixed (byte* pp = p)
        {
            while (true)
            {
                fd = Interop.openat2(d.Value, pp, &how);
                if (Interop.Interrupted(fd) || (fd < 0 && Errno.Last == Errno.EAGAIN && ++againRetries < Openat2AgainRetries))
                {
                    continue;
                }

                break;
            }
        }

        return new SafeFd(Check(fd, "openat2", subject ?? path));
    }

    /// <summary>
    /// Opens <paramref name="relativePath"/> strictly beneath <paramref name="dir"/>: the path must be
    /// relative without ".." (checked here), and openat2 with <paramref name="resolve"/> (by default
    /// RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS) makes the kernel refuse any
    /// symlink or escape (ELOOP, EXDEV).
    /// <para>
    /// Fallback when openat2 is missing (ENOSYS): the path is walked one component at a time with
    /// openat(O_NOFOLLOW), intermediate components as O_PATH|O_DIRECTORY, so no symlink is ever
    /// followed and, with ".." refused up front, the walk cannot leave <paramref name="dir"/>.
    /// A final component that turns out to be a symlink (O_PATH|O_NOFOLLOW opens the link itself)
    /// is refused with ELOOP. RESOLVE_NO_XDEV is not emulated; mount points are crossed.
    /// </para>
    /// </summary>
    public static SafeFd OpenBeneath(SafeFd dir, string relativePath, OpenFlags flags, ResolveFlags resolve = ResolveFlags.Confined, uint mode = 0, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(dir);
        RelativePath.Validate(relativePath);
        if (!s_openat2Missing)
        {
            try
            {
                return OpenAt2(dir, relativePath, flags, resolve, mode, subject);
            }
            catch (LinuxException e) when (e.Errno == Errno.ENOSYS)
            {
                s_openat2Missing = true;
            }
        }

        return OpenBeneathByWalking(dir, relativePath, flags, mode, subject);
    }

    /// <summary>The ENOSYS fallback of <see cref="OpenBeneath"/>; internal so that tests can run it on new kernels.</summary>
    internal static SafeFd OpenBeneathByWalking(SafeFd dir, string relativePath, OpenFlags flags, uint mode, string? subject)
    {
        RelativePath.Validate(relativePath);
        string[] parts = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string[] steps = Array.FindAll(parts, s => s != ".");
        string what = subject ?? relativePath;
        if (steps.Length == 0)
        {
            return OpenAt(dir, ".", flags, mode, what);
        }

        SafeFd current = dir;
        try
        {
            for (int i = 0; i < steps.Length - 1; i++)
            {
                SafeFd next = OpenAt(current, steps[i], OpenFlags.O_PATH | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW, 0, what);
                if (!ReferenceEquals(current, dir))
                {
                    current.Dispose();
                }

                current = next;
            }

            SafeFd result = OpenAt(current, steps[^1], flags | OpenFlags.O_NOFOLLOW, mode, what);
            if (flags.HasFlag(OpenFlags.O_PATH) && Fstat(result, what).Type == FileType.Symlink)
            {
                result.Dispose();
                throw new LinuxException("openat", Errno.ELOOP, what);
            }

            return result;
        }
        finally
        {
            if (!ReferenceEquals(current, dir))
            {
                current.Dispose();
            }
        }
    }
}
