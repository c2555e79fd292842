using CgManager.Contract.Scm;

namespace CgManager.Client.Tests.Contract;

/// <summary>The one encoder (the daemon's) and the one decoder (every client's) of the Scm results, spec §4.6.</summary>
public sealed class ScmEncodingTests
{
    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("a/b/ü")]
    public void A_string_result_is_its_utf8_and_one_NUL_and_reads_back(string value)
    {
        byte[] datagram = ScmEncoding.String(value);
        Assert.Equal(0, datagram[^1]);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(value) + 1, datagram.Length);
        Assert.Equal(value, ScmEncoding.ReadString(datagram));
    }

    [Fact]
    public void A_string_result_without_its_NUL_is_refused() =>
        Assert.Contains("must end in NUL", Assert.Throws<FormatException>(() => ScmEncoding.ReadString("ab"u8)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(123456)]
    public void Counts_are_native_endian_int32s(int value)
    {
        byte[] bytes = ScmEncoding.Int32(value);
        Assert.Equal(BitConverter.GetBytes(value), bytes);
        Assert.Equal(value, ScmEncoding.ReadInt32(bytes, "the count"));
    }

    [Fact]
    public void A_count_of_the_wrong_size_is_refused() =>
        Assert.Equal("expected the count as a 4-byte integer, got 3 bytes",
            Assert.Throws<FormatException>(() => ScmEncoding.ReadInt32([1, 2, 3], "the count")).Message);

    [Fact]
    public void ListChildren_blob_is_NUL_terminated_names_both_ways()
    {
        byte[] blob = ScmEncoding.Children(["a", "bc"]);
        Assert.Equal("a\0bc\0"u8.ToArray(), blob);
        Assert.Equal(["a", "bc"], ScmEncoding.ReadChildren(blob, 2));
    }

    [Theory]
    [InlineData("a\0", 2)]
    [InlineData("a\0b", 2)]
    [InlineData("a\0b\0", 1)]
    public void ListChildren_blob_that_disagrees_with_its_count_is_refused(string blob, int count) =>
        Assert.Throws<FormatException>(() => ScmEncoding.ReadChildren(System.Text.Encoding.UTF8.GetBytes(blob), count));

    [Fact]
    public void ListKeys_blob_is_four_lines_per_key_with_signed_numbers_both_ways()
    {
        ScmKey[] keys = [new("tasks", 0, uint.MaxValue, 33188), new("cgroup.procs", 1000, 1000, 33206)];
        byte[] blob = ScmEncoding.Keys(keys);
        Assert.Equal("tasks\n0\n-1\n33188\ncgroup.procs\n1000\n1000\n33206\n", System.Text.Encoding.UTF8.GetString(blob));
        Assert.Equal(keys, ScmEncoding.ReadKeys(blob, 2));
    }

    [Theory]
    [InlineData("tasks\n0\n-1\n", 1)]
    [InlineData("tasks\n0\nx\n1\n", 1)]
    [InlineData("tasks\n0\n0\n1\n", 2)]
    public void ListKeys_blob_that_breaks_the_encoding_is_refused(string blob, int count) =>
        Assert.Throws<FormatException>(() => ScmEncoding.ReadKeys(System.Text.Encoding.UTF8.GetBytes(blob), count));
}
