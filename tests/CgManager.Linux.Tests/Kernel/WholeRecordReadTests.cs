using System.Text;

namespace CgManager.Linux.Tests.Kernel;

/// <summary>The one-read path for files the kernel makes in one piece (Sys.ReadWholeRecordInto).</summary>
public sealed class WholeRecordReadTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly SafeFd _dir;

    public WholeRecordReadTests() => _dir = _tmp.OpenPath();

    public void Dispose()
    {
        _dir.Dispose();
        _tmp.Dispose();
    }

    [Theory]
    [InlineData("/proc/self/cgroup")]
    [InlineData("/proc/self/status")]
    public void A_single_record_proc_file_reads_as_the_read_to_the_end_does(string path)
    {
        using SafeFd fd = Sys.Open(path, OpenFlags.O_RDONLY);
        byte[] buffer = new byte[16];
        int length = Sys.ReadWholeRecordInto(fd, ref buffer, subject: path);
        string expected = Sys.ReadAllText(fd);

        // status changes between reads only in counters; the cgroup text not at all. Compare the stable part.
        string text = Encoding.UTF8.GetString(buffer, 0, length);
        Assert.Equal(expected.Split('\n')[0], text.Split('\n')[0]);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.True(buffer.Length > 16, "a buffer too small for the file was grown");
    }

    [Fact]
    public void A_file_that_fills_the_buffer_exactly_is_read_again_with_a_larger_one()
    {
        File.WriteAllBytes(_tmp["exact"], Encoding.ASCII.GetBytes(new string('x', 64)));
        using SafeFd fd = Sys.OpenBeneath(_dir, "exact", OpenFlags.O_RDONLY);
        byte[] buffer = new byte[64];
        Assert.Equal(64, Sys.ReadWholeRecordInto(fd, ref buffer));
        Assert.Equal(128, buffer.Length);
    }

    [Fact]
    public void A_file_larger_than_many_buffers_is_read_whole()
    {
        byte[] data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 30000).Select(i => $"{i}\n")));
        File.WriteAllBytes(_tmp["big"], data);
        using SafeFd fd = Sys.OpenBeneath(_dir, "big", OpenFlags.O_RDONLY);
        byte[] buffer = [];
        int length = Sys.ReadWholeRecordInto(fd, ref buffer);
        Assert.Equal(data, buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void The_limit_holds_as_in_the_read_to_the_end()
    {
        File.WriteAllBytes(_tmp["exact"], new byte[10]);
        File.WriteAllBytes(_tmp["over"], new byte[11]);
        using SafeFd exact = Sys.OpenBeneath(_dir, "exact", OpenFlags.O_RDONLY);
        using SafeFd over = Sys.OpenBeneath(_dir, "over", OpenFlags.O_RDONLY);
        byte[] buffer = new byte[4];
        Assert.Equal(10, Sys.ReadWholeRecordInto(exact, ref buffer, maxBytes: 10));
        buffer = new byte[4];
        LinuxException e = FdAssert.Fails(Errno.EFBIG, () => Sys.ReadWholeRecordInto(over, ref buffer, maxBytes: 10, subject: "over"));
        Assert.Contains("larger than 10 bytes", e.Message, StringComparison.Ordinal);
    }
}
