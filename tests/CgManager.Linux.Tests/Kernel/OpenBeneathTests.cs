namespace CgManager.Linux.Tests.Kernel;

public sealed class OpenBeneathTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly TempDir _outside = new();
    private readonly SafeFd _base;

    public OpenBeneathTests()
    {
        Directory.CreateDirectory(_tmp["sub/deeper"]);
        File.WriteAllText(_tmp["sub/deeper/file"], "inside\n");
        File.WriteAllText(_outside["secret"], "outside\n");
        File.CreateSymbolicLink(_tmp["abs-link"], _outside["secret"]);
        File.CreateSymbolicLink(_tmp["escape-link"], "../" + System.IO.Path.GetFileName(_outside.Path) + "/secret");
        File.CreateSymbolicLink(_tmp["inner-link"], "sub/deeper/file");
        Directory.CreateSymbolicLink(_tmp["dir-link"], "sub");
        _base = _tmp.OpenPath();
    }

    public void Dispose()
    {
        _base.Dispose();
        _tmp.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public void A_nested_file_beneath_the_base_opens_and_reads()
    {
        using SafeFd fd = Sys.OpenBeneath(_base, "sub/deeper/file", OpenFlags.O_RDONLY);
        Assert.Equal("inside\n", Sys.ReadAllText(fd));
        FdAssert.IsCloseOnExec(fd);
    }

    [Fact]
    public void Dot_opens_the_base_itself()
    {
        using SafeFd fd = Sys.OpenBeneath(_base, ".", OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        Assert.Equal(Sys.Fstat(_base).Inode, Sys.Fstat(fd).Inode);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("sub/../../x")]
    [InlineData("sub/..")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    [InlineData("sub\0/../../x")]
    public void Dot_dot_absolute_empty_and_NUL_paths_are_refused_before_the_call(string path) =>
        Assert.Throws<ArgumentException>(() => Sys.OpenBeneath(_base, path, OpenFlags.O_RDONLY));

    [Fact]
    public void The_kernel_itself_refuses_dot_dot_beneath_the_base() =>
        FdAssert.Fails(Errno.EXDEV, () => Sys.OpenAt2(_base, "../x", OpenFlags.O_RDONLY, ResolveFlags.RESOLVE_BENEATH));

    [Fact]
    public void The_kernel_itself_refuses_an_absolute_path_beneath_the_base() =>
        FdAssert.Fails(Errno.EXDEV, () => Sys.OpenAt2(_base, "/etc/passwd", OpenFlags.O_RDONLY, ResolveFlags.RESOLVE_BENEATH));

    [Theory]
    [InlineData("abs-link")]
    [InlineData("escape-link")]
    [InlineData("inner-link")]
    [InlineData("dir-link/deeper/file")]
    public void Any_symlink_is_refused_with_ELOOP(string path)
    {
        LinuxException e = FdAssert.Fails(Errno.ELOOP, () => Sys.OpenBeneath(_base, path, OpenFlags.O_RDONLY, subject: "/x/" + path));
        Assert.Contains("/x/" + path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absolute_symlink_escapes_nothing_even_when_symlinks_are_allowed() =>
        FdAssert.Fails(Errno.EXDEV, () => Sys.OpenBeneath(_base, "abs-link", OpenFlags.O_RDONLY, ResolveFlags.RESOLVE_BENEATH));

    [Fact]
    public void A_relative_symlink_out_of_the_base_escapes_nothing_even_when_symlinks_are_allowed() =>
        FdAssert.Fails(Errno.EXDEV, () => Sys.OpenBeneath(_base, "escape-link", OpenFlags.O_RDONLY, ResolveFlags.RESOLVE_BENEATH));

    [Fact]
    public void Fallback_walk_opens_nested_files_close_on_exec()
    {
        using SafeFd fd = Sys.OpenBeneathByWalking(_base, "sub/./deeper//file", OpenFlags.O_RDONLY, 0, null);
        Assert.Equal("inside\n", Sys.ReadAllText(fd));
        FdAssert.IsCloseOnExec(fd);
    }

    [Theory]
    [InlineData("abs-link", OpenFlags.O_RDONLY)]
    [InlineData("escape-link", OpenFlags.O_RDONLY)]
    [InlineData("inner-link", OpenFlags.O_RDONLY)]
    [InlineData("abs-link", OpenFlags.O_PATH)]
    public void Fallback_walk_refuses_a_final_symlink(string path, OpenFlags flags) =>
        FdAssert.Fails(Errno.ELOOP, () => Sys.OpenBeneathByWalking(_base, path, flags, 0, null));

    [Fact]
    public void Fallback_walk_refuses_a_symlinked_directory_component() =>
        FdAssert.Fails(Errno.ENOTDIR, () => Sys.OpenBeneathByWalking(_base, "dir-link/deeper/file", OpenFlags.O_RDONLY, 0, null));

    [Fact]
    public void Fallback_walk_refuses_dot_dot() =>
        Assert.Throws<ArgumentException>(() => Sys.OpenBeneathByWalking(_base, "sub/../..", OpenFlags.O_RDONLY, 0, null));

    [Fact]
    public void Opening_through_a_disposed_handle_is_an_ObjectDisposedException()
    {
        SafeFd fd = _tmp.OpenPath();
        fd.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Sys.OpenBeneath(fd, "sub", OpenFlags.O_PATH));
    }

    [Fact]
    public void Missing_file_reports_ENOENT_with_the_path()
    {
        LinuxException e = FdAssert.Fails(Errno.ENOENT, () => Sys.OpenBeneath(_base, "sub/nope", OpenFlags.O_RDONLY));
        Assert.Equal("openat2", e.Operation);
        Assert.Equal("sub/nope", e.Subject);
    }
}
