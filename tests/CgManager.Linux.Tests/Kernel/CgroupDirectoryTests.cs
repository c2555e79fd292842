using static CgManager.Linux.Tests.Kernel.Octal;

namespace CgManager.Linux.Tests.Kernel;

/// <summary>CgroupDirectory on a temp folder standing in for a hierarchy (never /sys/fs/cgroup).</summary>
public sealed class CgroupDirectoryTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly TempDir _outside = new();
    private readonly CgroupDirectory _root;

    public CgroupDirectoryTests()
    {
        File.WriteAllText(_outside["tasks"], "1\n");
        _root = CgroupDirectory.Open(_tmp.Path);
    }

    public void Dispose()
    {
        _root.Dispose();
        _tmp.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public void Create_write_read_list_stat_and_remove_a_cgroup()
    {
        _root.CreateDirectory("lxc", Oct(755));
        _root.CreateDirectory("lxc/c1", Oct(755));
        File.WriteAllText(_tmp["lxc/c1/cgroup.procs"], "");

        _root.WriteText("lxc/c1/cgroup.procs", "1234\n");
        Assert.Equal("1234\n", _root.ReadAllText("lxc/c1/cgroup.procs"));
        Assert.Equal("1234\n"u8.ToArray(), _root.ReadAllBytes("lxc/c1/cgroup.procs"));

        DirectoryEntry entry = Assert.Single(_root.ListEntries("lxc"));
        Assert.Equal(new DirectoryEntry("c1", FileType.Directory, Sys.Stat(_tmp["lxc/c1"]).Inode), entry);
        Assert.True(_root.Stat("lxc/c1").IsDirectory);

        File.Delete(_tmp["lxc/c1/cgroup.procs"]);
        _root.RemoveDirectory("lxc/c1");
        Assert.Null(_root.TryStat("lxc/c1"));
        Assert.Empty(_root.ListEntries("lxc"));
    }

    [Fact]
    public void TryCreateDirectory_reports_an_existing_cgroup_as_false()
    {
        Assert.True(_root.TryCreateDirectory("a", Oct(755)));
        Assert.False(_root.TryCreateDirectory("a", Oct(755)));
        FdAssert.Fails(Errno.EEXIST, () => _root.CreateDirectory("a", Oct(755)));
    }

    [Fact]
    public void Chown_and_chmod_apply_to_the_target_beneath()
    {
        Directory.CreateDirectory(_tmp["a"]);
        File.WriteAllText(_tmp["a/tasks"], "");
        _root.Chown("a", 1000, 1000);
        _root.Chown("a/tasks", 1000, uint.MaxValue);
        _root.Chmod("a/tasks", Oct(664));

        Assert.Equal((1000u, 1000u), (_root.Stat("a").Uid, _root.Stat("a").Gid));
        FileStatus tasks = _root.Stat("a/tasks");
        Assert.Equal((1000u, 0u, Oct(664)), (tasks.Uid, tasks.Gid, tasks.Permissions));
    }

    [Fact]
    public void A_child_handle_resolves_beneath_itself()
    {
        Directory.CreateDirectory(_tmp["a/b"]);
        using CgroupDirectory a = _root.OpenDirectory("a");
        Assert.Equal(_tmp["a"], a.Path);
        Assert.True(a.Stat("b").IsDirectory);
        Assert.Throws<ArgumentException>(() => a.Stat(".."));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void Escaping_paths_are_refused_for_every_operation(string path)
    {
        Assert.Throws<ArgumentException>(() => _root.ReadAllText(path));
        Assert.Throws<ArgumentException>(() => _root.WriteText(path, "1"));
        Assert.Throws<ArgumentException>(() => _root.CreateDirectory(path, Oct(755)));
        Assert.Throws<ArgumentException>(() => _root.RemoveDirectory(path));
        Assert.Throws<ArgumentException>(() => _root.Chown(path, 1, 1));
        Assert.Throws<ArgumentException>(() => _root.Chmod(path, Oct(777)));
        Assert.Throws<ArgumentException>(() => _root.Stat(path));
        Assert.Throws<ArgumentException>(() => _root.ListEntries(path));
        Assert.Throws<ArgumentException>(() => _root.OpenDirectory(path));
    }

    [Fact]
    public void Symlinks_planted_in_the_hierarchy_are_never_followed()
    {
        File.CreateSymbolicLink(_tmp["link"], _outside["tasks"]);
        Directory.CreateSymbolicLink(_tmp["dirlink"], _outside.Path);

        FdAssert.Fails(Errno.ELOOP, () => _root.WriteText("link", "2\n"));
        FdAssert.Fails(Errno.ELOOP, () => _root.ReadAllText("dirlink/tasks"));
        FdAssert.Fails(Errno.ELOOP, () => _root.Chown("link", 1000, 1000));
        FdAssert.Fails(Errno.ELOOP, () => _root.Chmod("dirlink", Oct(777)));
        FdAssert.Fails(Errno.ELOOP, () => _root.CreateDirectory("dirlink/new", Oct(755)));
        FdAssert.Fails(Errno.ELOOP, () => _root.ListEntries("dirlink"));

        Assert.Equal("1\n", File.ReadAllText(_outside["tasks"]));
        Assert.Equal(0u, Sys.Stat(_outside["tasks"]).Uid);
        Assert.False(Directory.Exists(_outside["new"]));
    }

    [Fact]
    public void Errors_name_the_full_path()
    {
        LinuxException e = FdAssert.Fails(Errno.ENOENT, () => _root.ReadAllText("nope/memory.max"));
        Assert.Equal(_tmp["nope/memory.max"], e.Subject);
        e = FdAssert.Fails(Errno.ENOENT, () => _root.RemoveDirectory("nope"));
        Assert.Equal(_tmp["nope"], e.Subject);
    }

    [Fact]
    public void Opening_requires_an_absolute_directory()
    {
        Assert.Throws<ArgumentException>(() => CgroupDirectory.Open("relative"));
        File.WriteAllText(_tmp["file"], "");
        FdAssert.Fails(Errno.ENOTDIR, () => CgroupDirectory.Open(_tmp["file"]));
    }

    [Fact]
    public void Hierarchy_handles_report_their_filesystem_type() =>
        Assert.NotEqual(FsMagic.CGROUP2_SUPER_MAGIC, _root.FileSystemType);

    [Fact]
    public void A_real_cgroup_hierarchy_can_be_read_through_a_handle_without_writing()
    {
        // Read-only use of the host's cgroupfs: proves the O_PATH handle and getdents work there.
        string? mount = File.ReadAllLines("/proc/self/mountinfo")
            .Select(l => l.Split(' '))
            .Where(f => f.SkipWhile(x => x != "-").Skip(1).FirstOrDefault() is "cgroup2" or "cgroup")
            .Select(f => f[4])
            .FirstOrDefault();
        if (mount is null)
        {
            return;
        }

        using CgroupDirectory root = CgroupDirectory.Open(mount);
        Assert.Contains(root.FileSystemType, new[] { FsMagic.CGROUP_SUPER_MAGIC, FsMagic.CGROUP2_SUPER_MAGIC });
        Assert.Contains(root.ListEntries(), e => e.Name == "cgroup.procs" && e.Type == FileType.Regular);
        Assert.NotEmpty(root.ReadAllText("cgroup.procs"));
    }

    [Theory]
    [InlineData("memory.stat")]
    [InlineData("cgroup.procs")]
    [InlineData("tasks")]
    public void A_file_longer_than_a_page_is_read_whole_by_either_read(string name)
    {
        // Values take the one-read path and pid lists the read to the end; both must give every byte.
        string text = string.Concat(Enumerable.Range(0, 3000).Select(i => $"{i}\n"));
        _root.CreateDirectory("big", Oct(755));
        File.WriteAllText(_tmp["big/" + name], text);
        Assert.Equal(text, _root.ReadAllText("big/" + name));
        Assert.Equal(text[..100], _root.ReadAllText("big/" + name, maxBytes: 100_000)[..100]);
    }
}
