namespace CgManager.Linux.Tests.Kernel;

public sealed class DirectoryListingTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void Getdents64_lists_names_with_their_types_without_dot_entries()
    {
        Directory.CreateDirectory(_tmp["child"]);
        File.WriteAllText(_tmp["cgroup.procs"], "");
        File.CreateSymbolicLink(_tmp["link"], "child");
        using SafeFd fd = Sys.Open(_tmp.Path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);

        var entries = Sys.ReadDirectory(fd).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(["cgroup.procs", "child", "link"], entries.Select(e => e.Name));
        Assert.Equal([FileType.Regular, FileType.Directory, FileType.Symlink], entries.Select(e => e.Type));
        Assert.Equal(Sys.Stat(_tmp["child"]).Inode, entries[1].Inode);
    }

    [Fact]
    public void A_directory_fd_can_be_listed_twice()
    {
        File.WriteAllText(_tmp["a"], "");
        using SafeFd fd = Sys.Open(_tmp.Path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        Assert.Single(Sys.ReadDirectory(fd));
        Assert.Single(Sys.ReadDirectory(fd));
    }

    [Fact]
    public void Many_entries_span_several_getdents_calls()
    {
        for (int i = 0; i < 2000; i++)
        {
            File.WriteAllText(_tmp[$"file-with-a-longish-name-{i:D5}"], "");
        }

        using SafeFd fd = Sys.Open(_tmp.Path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        IReadOnlyList<DirectoryEntry> entries = Sys.ReadDirectory(fd);
        Assert.Equal(2000, entries.Count);
        Assert.Equal(2000, entries.Select(e => e.Name).Distinct().Count());
    }

    [Fact]
    public void Listing_an_O_PATH_fd_is_EBADF()
    {
        using SafeFd fd = Sys.Open(_tmp.Path, OpenFlags.O_PATH | OpenFlags.O_DIRECTORY);
        FdAssert.Fails(Errno.EBADF, () => Sys.ReadDirectory(fd));
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 65, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200, 0, 8, 65, 0, 0, 0, 0 })]
    public void A_corrupt_dirent_buffer_is_a_FormatException(byte[] buffer) =>
        Assert.Throws<FormatException>(() => Sys.ParseDirents(buffer, []));
}
