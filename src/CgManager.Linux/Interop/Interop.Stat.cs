using System.Runtime.InteropServices;

namespace CgManager.Linux;

internal static unsafe partial class Interop
{
    // statx(2) rather than stat(2): its layout is the same on every architecture, so there is
    // no per-arch struct stat to get wrong.
    internal const uint STATX_TYPE = 0x1;
    internal const uint STATX_MODE = 0x2;
    internal const uint STATX_NLINK = 0x4;
    internal const uint STATX_UID = 0x8;
    internal const uint STATX_GID = 0x10;
    internal const uint STATX_INO = 0x100;
    internal const uint STATX_BASIC_STATS = 0x7ff;

    [StructLayout(LayoutKind.Sequential)]
    internal struct statx_timestamp
    {
        public long tv_sec;
        public uint tv_nsec;
        public int __reserved;
    }

    /// <summary>struct statx (linux/stat.h), 256 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct statx_t
    {
        public uint stx_mask;
        public uint stx_blksize;
        public ulong stx_attributes;
        public uint stx_nlink;
        public uint stx_uid;
        public uint stx_gid;
        public ushort stx_mode;
        public ushort __spare0;
        public ulong stx_ino;
        public ulong stx_size;
        public ulong stx_blocks;
        public ulong stx_attributes_mask;
        public statx_timestamp stx_atime;
        public statx_timestamp stx_btime;
        public statx_timestamp stx_ctime;
        public statx_timestamp stx_mtime;
        public uint stx_rdev_major;
        public uint stx_rdev_minor;
        public uint stx_dev_major;
        public uint stx_dev_minor;
        public fixed ulong __spare2[14];
    }

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int statx(int dirfd, byte* pathname, int flags, uint mask, statx_t* statxbuf);

    /// <summary>glibc's makedev(), so that Device compares equal to st_dev from stat(2).</summary>
    internal static ulong makedev(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) |
        ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    /// <summary>
    /// struct statfs is 120 bytes on 64-bit Linux and f_type is its first word on x86_64 and
    /// arm64; a larger buffer is passed so that a layout surprise cannot overrun it.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct statfs_t
    {
        public long f_type;
        public fixed long __rest[31];
    }

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int statfs(byte* path, statfs_t* buf);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int fstatfs(int fd, statfs_t* buf);
}
