namespace CgManager.Linux;

/// <summary>
/// Keeps a SafeFd's descriptor number valid for the length of one system call, so that a
/// concurrent Dispose cannot close (and the kernel reuse) the number while the call runs.
/// A null SafeFd stands for AT_FDCWD.
/// </summary>
internal readonly ref struct FdLease
{
    private readonly SafeFd? _fd;

    public FdLease(SafeFd? fd)
    {
        if (fd is null)
        {
            Value = Interop.AT_FDCWD;
            return;
        }

        if (fd.IsInvalid)
        {
            throw new ArgumentException("the file descriptor is invalid (-1)", nameof(fd));
        }

        bool added = false;
        fd.DangerousAddRef(ref added);
        _fd = fd;
        Value = fd.Fd;
    }

    public int Value { get; }

    public void Dispose() => _fd?.DangerousRelease();
}
