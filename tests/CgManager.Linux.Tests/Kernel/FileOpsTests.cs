using static CgManager.Linux.Tests.Kernel.Octal;

namespace CgManager.Linux.Tests.Kernel;

public sealed class FileOpsTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly SafeFd _dir;

    public FileOpsTests() => _dir = _tmp.OpenPath();

    public void Dispose()
    {
        _dir.Dispose();
        _tmp.Dispose();
    }

    [Fact]
    public void Mkdirat_creates_a_directory_and_fstatat_sees_it()
    {
        Sys.MkdirAt(_dir, "d", Oct(700));
        FileStatus st = Sys.FstatAt(_dir, "d");
        Assert.Equal(FileType.Directory, st.Type);
        Assert.True(st.IsDirectory);
        Assert.Equal(Oct(700), st.Permissions);
        Assert.Equal(0u, st.Uid);
    }

    [Fact]
    public void Mkdirat_of_an_existing_name_is_EEXIST_naming_it()
    {
        Sys.MkdirAt(_dir, "d", Oct(755));
        LinuxException e = FdAssert.Fails(Errno.EEXIST, () => Sys.MkdirAt(_dir, "d", Oct(755), "/cg/d"));
        Assert.Equal("mkdirat /cg/d: File exists", e.Message);
    }

    [Fact]
    public void Unlinkat_removes_files_and_with_AT_REMOVEDIR_directories()
    {
        File.WriteAllText(_tmp["f"], "x");
        Directory.CreateDirectory(_tmp["d"]);
        FdAssert.Fails(Errno.EISDIR, () => Sys.UnlinkAt(_dir, "d"));
        Sys.UnlinkAt(_dir, "f");
        Sys.UnlinkAt(_dir, "d", AtFlags.AT_REMOVEDIR);
        Assert.False(File.Exists(_tmp["f"]));
        Assert.False(Directory.Exists(_tmp["d"]));
    }

    [Fact]
    public void Rmdir_of_a_non_empty_directory_is_ENOTEMPTY()
    {
        Directory.CreateDirectory(_tmp["d/child"]);
        LinuxException e = FdAssert.Fails(Errno.ENOTEMPTY, () => Sys.UnlinkAt(_dir, "d", AtFlags.AT_REMOVEDIR));
        Assert.Equal("rmdir", e.Operation);
    }

    [Fact]
    public void Fchownat_changes_owner_and_group()
    {
        File.WriteAllText(_tmp["f"], "x");
        Sys.FchownAt(_dir, "f", 1234, 5678);
        FileStatus st = Sys.FstatAt(_dir, "f");
        Assert.Equal((1234u, 5678u), (st.Uid, st.Gid));

        Sys.FchownAt(_dir, "f", uint.MaxValue, 42);
        st = Sys.FstatAt(_dir, "f");
        Assert.Equal((1234u, 42u), (st.Uid, st.Gid));
    }

    [Fact]
    public void Fchownat_with_AT_SYMLINK_NOFOLLOW_changes_the_link_not_its_target()
    {
        File.WriteAllText(_tmp["target"], "x");
        File.CreateSymbolicLink(_tmp["link"], "target");
        Sys.FchownAt(_dir, "link", 777, 777, AtFlags.AT_SYMLINK_NOFOLLOW);
        Assert.Equal(777u, Sys.FstatAt(_dir, "link", AtFlags.AT_SYMLINK_NOFOLLOW).Uid);
        Assert.Equal(0u, Sys.FstatAt(_dir, "target").Uid);
    }

    [Fact]
    public void Fchown_works_on_an_O_PATH_fd()
    {
        Directory.CreateDirectory(_tmp["d"]);
        using SafeFd fd = Sys.OpenBeneath(_dir, "d", OpenFlags.O_PATH);
        Sys.Fchown(fd, 1000, 1000);
        Assert.Equal(1000u, Sys.Fstat(fd).Uid);
    }

    [Fact]
    public void Fchmodat_sets_the_permission_bits()
    {
        File.WriteAllText(_tmp["f"], "x");
        Sys.FchmodAt(_dir, "f", Oct(640));
        Assert.Equal(Oct(640), Sys.FstatAt(_dir, "f").Permissions);
        Assert.Equal(FileType.Regular, Sys.FstatAt(_dir, "f").Type);
    }

    [Fact]
    public void Fchmod_works_on_an_O_PATH_fd()
    {
        File.WriteAllText(_tmp["f"], "x");
        using SafeFd fd = Sys.OpenBeneath(_dir, "f", OpenFlags.O_PATH);
        Sys.Fchmod(fd, Oct(1604));
        Assert.Equal(Oct(1604), Sys.Fstat(fd).Permissions);
    }

    [Fact]
    public void Fchmod_fallback_for_kernels_before_6_6_works_on_an_O_PATH_fd()
    {
        Directory.CreateDirectory(_tmp["d"]);
        using SafeFd fd = Sys.OpenBeneath(_dir, "d", OpenFlags.O_PATH);
        Sys.FchmodThroughProcFd(fd, Oct(750), null);
        Assert.Equal(Oct(750), Sys.Fstat(fd).Permissions);
    }

    [Fact]
    public void Fstatat_without_follow_reports_a_symlink_and_with_follow_its_target()
    {
        File.WriteAllText(_tmp["target"], "x");
        File.CreateSymbolicLink(_tmp["link"], "target");
        Assert.Equal(FileType.Symlink, Sys.FstatAt(_dir, "link", AtFlags.AT_SYMLINK_NOFOLLOW).Type);
        FileStatus followed = Sys.FstatAt(_dir, "link");
        Assert.Equal(FileType.Regular, followed.Type);
        Assert.Equal(Sys.FstatAt(_dir, "target").Inode, followed.Inode);
        Assert.Equal(1u, followed.LinkCount);
    }

    [Fact]
    public void Fstat_of_an_fd_matches_stat_of_its_path_including_the_device()
    {
        File.WriteAllText(_tmp["f"], "x");
        using SafeFd fd = Sys.Open(_tmp["f"], OpenFlags.O_RDONLY);
        FileStatus a = Sys.Fstat(fd);
        FileStatus b = Sys.Stat(_tmp["f"]);
        Assert.Equal(a, b);

        // st_dev is encoded as glibc's makedev(major, minor), the numbers mountinfo shows for the filesystem.
        CgManager.Linux.Proc.MountInfoEntry mount = CgManager.Linux.Proc.ProcFs.Default.ReadSelfMountInfo()
            .Where(m => _tmp.Path.StartsWith(m.MountPoint.TrimEnd('/') + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.MountPoint.Length)
            .First();
        uint major = uint.Parse(mount.MajorMinor.Split(':')[0]);
        uint minor = uint.Parse(mount.MajorMinor.Split(':')[1]);
        Assert.Equal(Interop.makedev(major, minor), a.Device);
    }

    [Fact]
    public void Renameat_moves_a_name()
    {
        File.WriteAllText(_tmp["a"], "x");
        Directory.CreateDirectory(_tmp["d"]);
        using SafeFd d = Sys.OpenBeneath(_dir, "d", OpenFlags.O_PATH | OpenFlags.O_DIRECTORY);
        Sys.RenameAt(_dir, "a", d, "b");
        Assert.True(File.Exists(_tmp["d/b"]));
    }

    [Fact]
    public void Readlinkat_returns_the_target_text()
    {
        File.CreateSymbolicLink(_tmp["link"], "../some where/é");
        Assert.Equal("../some where/é", Sys.ReadLinkAt(_dir, "link"));
        Assert.Equal("../some where/é", Sys.ReadLink(_tmp["link"]));
        FdAssert.Fails(Errno.EINVAL, () => Sys.ReadLinkAt(_dir, "."));
    }

    [Fact]
    public void Statfs_reports_the_filesystem_magic()
    {
        Assert.Equal(FsMagic.PROC_SUPER_MAGIC, Sys.StatFsType("/proc"));
        using SafeFd proc = Sys.Open("/proc", OpenFlags.O_PATH);
        Assert.Equal(FsMagic.PROC_SUPER_MAGIC, Sys.FstatFsType(proc));
        FdAssert.Fails(Errno.ENOENT, () => Sys.StatFsType("/nonexistent-cgm-test"));
    }
}
