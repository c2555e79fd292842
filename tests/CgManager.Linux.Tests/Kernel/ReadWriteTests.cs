using System.Text;
using static CgManager.Linux.Tests.Kernel.Octal;

namespace CgManager.Linux.Tests.Kernel;

public sealed class ReadWriteTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly SafeFd _dir;

    public ReadWriteTests() => _dir = _tmp.OpenPath();

    public void Dispose()
    {
        _dir.Dispose();
        _tmp.Dispose();
    }

    [Fact]
    public void A_value_written_once_reads_back_whole()
    {
        using (SafeFd w = Sys.OpenBeneath(_dir, "f", OpenFlags.O_WRONLY | OpenFlags.O_CREAT, mode: Oct(600)))
        {
            Sys.WriteText(w, "max 100\n");
        }

        using SafeFd r = Sys.OpenBeneath(_dir, "f", OpenFlags.O_RDONLY);
        Assert.Equal("max 100\n", Sys.ReadAllText(r));
        Assert.Equal("max 100\n", Sys.ReadAllText(r)); // pread from 0: a second read sees the same
    }

    [Fact]
    public void Files_larger_than_one_buffer_are_read_whole()
    {
        byte[] data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 30000).Select(i => $"{i}\n")));
        File.WriteAllBytes(_tmp["big"], data);
        using SafeFd r = Sys.OpenBeneath(_dir, "big", OpenFlags.O_RDONLY);
        Assert.Equal(data, Sys.ReadAll(r));
    }

    [Fact]
    public void A_file_of_exactly_the_limit_is_read_and_one_byte_more_is_EFBIG()
    {
        File.WriteAllBytes(_tmp["exact"], new byte[10]);
        File.WriteAllBytes(_tmp["over"], new byte[11]);
        using SafeFd exact = Sys.OpenBeneath(_dir, "exact", OpenFlags.O_RDONLY);
        using SafeFd over = Sys.OpenBeneath(_dir, "over", OpenFlags.O_RDONLY);
        Assert.Equal(10, Sys.ReadAll(exact, maxBytes: 10).Length);
        LinuxException e = FdAssert.Fails(Errno.EFBIG, () => Sys.ReadAll(over, maxBytes: 10, subject: "over"));
        Assert.Contains("larger than 10 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Proc_files_that_stat_as_empty_are_read_whole()
    {
        using SafeFd r = Sys.Open("/proc/self/status", OpenFlags.O_RDONLY);
        string text = Sys.ReadAllText(r);
        Assert.Contains("\nUid:", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_to_a_read_only_fd_reports_the_errno_of_the_write()
    {
        File.WriteAllText(_tmp["f"], "x");
        using SafeFd r = Sys.OpenBeneath(_dir, "f", OpenFlags.O_RDONLY);
        LinuxException e = FdAssert.Fails(Errno.EBADF, () => Sys.WriteText(r, "1", "/cg/f"));
        Assert.Equal("write", e.Operation);
        Assert.Equal("/cg/f", e.Subject);
    }

    [Fact]
    public void Read_returns_zero_at_end_of_file()
    {
        File.WriteAllText(_tmp["f"], "abc");
        using SafeFd r = Sys.OpenBeneath(_dir, "f", OpenFlags.O_RDONLY);
        byte[] buffer = new byte[16];
        Assert.Equal(3, Sys.Read(r, buffer));
        Assert.Equal(0, Sys.Read(r, buffer));
    }
}
