using System.Buffers.Binary;
using System.Text;

namespace CgManager.Linux;

public static unsafe partial class Sys
{
    private const int DirentBufferSize = 32 * 1024;

    /// <summary>
    /// Lists a directory fd (opened O_RDONLY|O_DIRECTORY, not O_PATH) with getdents64, from its
    /// start, without "." and "..". Used instead of the managed Directory APIs so that cgroupfs
    /// is only ever reached through fds resolved beneath a hierarchy.
    /// </summary>
    public static IReadOnlyList<DirectoryEntry> ReadDirectory(SafeFd dir, string? subject = null)
    {
        SeekToStart(dir, subject);
        using var d = new FdLease(dir);
        var entries = new List<DirectoryEntry>();
        byte[] buffer = new byte[DirentBufferSize];
        while (true)
        {
            nint n;
            fixed (byte* bp = buffer)
            {
                do
                {
                    n = Interop.getdents64(d.Value, bp, (nuint)buffer.Length);
                }
                while (Interop.Interrupted(n));
            }

            Check((int)n, "getdents64", subject ?? "(fd)");
            if (n == 0)
            {
                return entries;
            }

            ParseDirents(buffer.AsSpan(0, (int)n), entries);
        }
    }

    /// <summary>Decodes a getdents64 buffer (struct linux_dirent64 records).</summary>
    internal static void ParseDirents(ReadOnlySpan<byte> buffer, List<DirectoryEntry> into)
    {
        int offset = 0;
        while (offset < buffer.Length)
        {
            ReadOnlySpan<byte> rec = buffer[offset..];
            if (rec.Length < Interop.DIRENT64_NAME_OFFSET + 1)
            {
                throw new FormatException($"getdents64: truncated record at offset {offset}");
            }

            int reclen = BinaryPrimitives.ReadUInt16LittleEndian(rec[Interop.DIRENT64_RECLEN_OFFSET..]);
            if (reclen <= Interop.DIRENT64_NAME_OFFSET || reclen > rec.Length)
            {
                throw new FormatException($"getdents64: bad record length {reclen} at offset {offset}");
            }

            ReadOnlySpan<byte> nameBytes = rec[Interop.DIRENT64_NAME_OFFSET..reclen];
            int nul = nameBytes.IndexOf((byte)0);
            string name = Encoding.UTF8.GetString(nul < 0 ? nameBytes : nameBytes[..nul]);
            if (name is not ("." or ".."))
            {
                ulong ino = BinaryPrimitives.ReadUInt64LittleEndian(rec[Interop.DIRENT64_INO_OFFSET..]);
                into.Add(new DirectoryEntry(name, (FileType)rec[Interop.DIRENT64_TYPE_OFFSET], ino));
            }

            offset += reclen;
        }
    }
}
