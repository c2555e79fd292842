using System.Text;

namespace CgManager.Linux;

public static unsafe partial class Sys
{
    /// <summary>Default cap on a whole-file read: cgroupfs and /proc files are small, and a cap keeps a runaway file from exhausting memory.</summary>
    public const int DefaultMaxFileBytes = 16 * 1024 * 1024;

    private const int InitialReadBuffer = 4096;

    /// <summary>read(2) into the buffer; returns the byte count (0 at end of file). EAGAIN on a non-blocking fd throws.</summary>
    public static int Read(SafeFd fd, Span<byte> buffer, string? subject = null)
    {
        using var d = new FdLease(fd);
        nint n;
        fixed (byte* bp = buffer)
        {
            do
            {
                n = Interop.read(d.Value, bp, (nuint)buffer.Length);
            }
            while (Interop.Interrupted(n));
        }

        return Check((int)n, "read", subject ?? "(fd)");
    }

    /// <summary>
    /// Reads a whole file from offset 0 with pread, so the fd's own offset neither matters nor
    /// changes. Works for /proc and cgroupfs files, whose size stat reports as 0 or 4096.
    /// </summary>
    public static byte[] ReadAll(SafeFd fd, int maxBytes = DefaultMaxFileBytes, string? subject = null)
    {
        byte[] buffer = new byte[Math.Min(InitialReadBuffer, maxBytes)];
        int total = ReadAllInto(fd, ref buffer, maxBytes, subject);
        return buffer.AsSpan(0, total).ToArray();
    }

    /// <summary>
    /// As <see cref="ReadAll"/>, into a buffer the caller keeps between reads (grown when too small,
    /// up to <paramref name="maxBytes"/>): re-reading a file per request then allocates nothing.
    /// Returns the file's length.
    /// </summary>
    public static int ReadAllInto(SafeFd fd, ref byte[] buffer, int maxBytes = DefaultMaxFileBytes, string? subject = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        using var d = new FdLease(fd);
        if (buffer.Length == 0)
        {
            buffer = new byte[Math.Min(InitialReadBuffer, maxBytes)];
        }

        Span<byte> probe = stackalloc byte[1];
        int total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length >= maxBytes)
                {
                    // One more byte would tell us whether the file really is longer than allowed.
                    if (PreadAt(d.Value, probe, total, subject) == 0)
                    {
                        return total;
                    }

                    throw new LinuxException("read", Errno.EFBIG, $"{subject ?? "(fd)"} (larger than {maxBytes} bytes)");
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes));
            }

            int n = PreadAt(d.Value, buffer.AsSpan(total), total, subject);
            if (n == 0)
            {
                return total;
            }

            total += n;
        }
    }

    /// <summary>
    /// As <see cref="ReadAllInto"/>, in one pread when the file fits the buffer, for files the kernel
    /// makes in one piece: a seq_file with a single record (single_open, as /proc/PID/cgroup) or a
    /// regular file returns all it has to a read that asks for more, so a short read is the whole
    /// file and the read that would confirm the end is not needed. Not for seq_files of many records
    /// (cgroup.procs, tasks), whose reads stop at a page. A full buffer is read again, twice as large.
    /// Returns the file's length.
    /// </summary>
    public static int ReadWholeRecordInto(SafeFd fd, ref byte[] buffer, int maxBytes = DefaultMaxFileBytes, string? subject = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        using var d = new FdLease(fd);
        if (buffer.Length == 0)
        {
            buffer = new byte[Math.Min(InitialReadBuffer, maxBytes)];
        }

        while (true)
        {
            int n = PreadAt(d.Value, buffer, 0, subject);
            if (n < buffer.Length)
            {
                return n;
            }

            if (buffer.Length >= maxBytes)
            {
                return ReadAllInto(fd, ref buffer, maxBytes, subject); // at the limit: its probe tells EFBIG
            }

            buffer = new byte[(int)Math.Min((long)buffer.Length * 2, maxBytes)];
        }
    }

    /// <summary><see cref="ReadWholeRecordInto"/> as UTF-8 text, starting with a page.</summary>
    public static string ReadWholeRecordText(SafeFd fd, int maxBytes = DefaultMaxFileBytes, string? subject = null)
    {
        byte[] buffer = new byte[Math.Min(InitialReadBuffer, maxBytes)];
        int length = ReadWholeRecordInto(fd, ref buffer, maxBytes, subject);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>One pread(2) into <paramref name="into"/> at <paramref name="offset"/>, retried on EINTR; the byte count.</summary>
    private static int PreadAt(int fd, Span<byte> into, long offset, string? subject)
    {
        nint n;
        fixed (byte* bp = into)
        {
            do
            {
                n = Interop.pread(fd, bp, (nuint)into.Length, offset);
            }
            while (Interop.Interrupted(n));
        }

        return Check((int)n, "read", subject ?? "(fd)");
    }

    /// <summary>The whole file as UTF-8 text (see <see cref="ReadAll"/>).</summary>
    public static string ReadAllText(SafeFd fd, int maxBytes = DefaultMaxFileBytes, string? subject = null) =>
        Encoding.UTF8.GetString(ReadAll(fd, maxBytes, subject));

    /// <summary>
    /// One write(2) of the whole buffer. cgroupfs takes one value per write and answers with the
    /// errno of that value (EINVAL, EBUSY, ESRCH...), so the value is never split, and a short
    /// write is reported as an error (EIO) rather than continued.
    /// </summary>
    public static void WriteOnce(SafeFd fd, ReadOnlySpan<byte> data, string? subject = null)
    {
        using var d = new FdLease(fd);
        nint n;
        fixed (byte* bp = data)
        {
            do
            {
                n = Interop.write(d.Value, bp, (nuint)data.Length);
            }
            while (Interop.Interrupted(n));
        }

        Check((int)n, "write", subject ?? "(fd)");
        if (n != data.Length)
        {
            throw new LinuxException("write", Errno.EIO, $"{subject ?? "(fd)"} (short write: {n} of {data.Length} bytes)");
        }
    }

    /// <summary>One write(2) of the text as UTF-8 (see <see cref="WriteOnce"/>).</summary>
    public static void WriteText(SafeFd fd, string text, string? subject = null) =>
        WriteOnce(fd, Encoding.UTF8.GetBytes(text), subject);

    /// <summary>lseek(fd, offset, SEEK_SET), e.g. to list a directory fd a second time.</summary>
    public static void SeekToStart(SafeFd fd, string? subject = null)
    {
        using var d = new FdLease(fd);
        if (Interop.lseek(d.Value, 0, Interop.SEEK_SET) < 0)
        {
            throw LinuxException.FromLast("lseek", subject ?? "(fd)");
        }
    }
}
