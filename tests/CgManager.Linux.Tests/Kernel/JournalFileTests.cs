using static CgManager.Linux.Tests.Kernel.Octal;

namespace CgManager.Linux.Tests.Kernel;

/// <summary>The daemon's journal files (frozen cgroups, remove-on-empty marks) next to its socket.</summary>
public sealed class JournalFileTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void Replace_writes_a_0600_file_that_ReadTrusted_reads_back_and_leaves_no_temporary_behind()
    {
        string path = _tmp["journal"];
        JournalFile.Replace(path, "a\nb\n");
        JournalFile.Replace(path, "c\n");

        Assert.Equal("c\n", JournalFile.ReadTrusted(path));
        Assert.Equal(Oct(600), Sys.Stat(path).Permissions);
        Assert.Equal(["journal"], Directory.GetFileSystemEntries(_tmp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Replace_with_no_text_leaves_an_empty_file()
    {
        string path = _tmp["journal"];
        JournalFile.Replace(path, "x");
        JournalFile.Replace(path, "");

        Assert.True(File.Exists(path));
        Assert.Equal("", JournalFile.ReadTrusted(path));
    }

    [Fact]
    public void Replace_over_a_symlink_replaces_the_link_and_never_writes_its_target()
    {
        File.WriteAllText(_tmp["target"], "kept");
        File.CreateSymbolicLink(_tmp["journal"], _tmp["target"]);

        JournalFile.Replace(_tmp["journal"], "new");

        Assert.Equal("kept", File.ReadAllText(_tmp["target"]));
        Assert.Null(new FileInfo(_tmp["journal"]).LinkTarget);
        Assert.Equal("new", JournalFile.ReadTrusted(_tmp["journal"]));
    }

    [Fact]
    public void ReadTrusted_is_empty_for_a_missing_file_a_symlink_a_directory_and_a_file_others_may_write()
    {
        File.WriteAllText(_tmp["target"], "secret");
        File.CreateSymbolicLink(_tmp["link"], _tmp["target"]);
        Directory.CreateDirectory(_tmp["dir"]);
        File.WriteAllText(_tmp["open"], "planted");
        File.SetUnixFileMode(_tmp["open"], (UnixFileMode)Oct(622));

        Assert.Equal("", JournalFile.ReadTrusted(_tmp["missing"]));
        Assert.Equal("", JournalFile.ReadTrusted(_tmp["link"]));
        Assert.Equal("", JournalFile.ReadTrusted(_tmp["dir"]));
        Assert.Equal("", JournalFile.ReadTrusted(_tmp["open"]));
    }

    [Fact]
    public void ReadTrusted_is_empty_for_a_hard_linked_file()
    {
        JournalFile.Replace(_tmp["journal"], "x");
        using (var ln = System.Diagnostics.Process.Start("ln", [_tmp["journal"], _tmp["second"]]))
        {
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }

        Assert.Equal("", JournalFile.ReadTrusted(_tmp["journal"]));
    }
}
