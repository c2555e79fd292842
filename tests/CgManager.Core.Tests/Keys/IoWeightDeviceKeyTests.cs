using CgManager.Core.Errors;
using CgManager.Core.Keys;

namespace CgManager.Core.Tests.Keys;

/// <summary>io.weight_device on the texts the kernel's files show (iocost, BFQ, CFQ), and its RFC name.</summary>
public class IoWeightDeviceKeyTests
{
    private static readonly KeyDefinition Key = NeutralKeys.Resolve("io.weight_device");

    [Fact]
    public void The_rfc_name_is_the_neutral_key() =>
        Assert.Same(Key, NeutralKeys.Resolve("blkio_weight_device"));

    [Fact]
    public void V2_reads_iocost_device_lines_and_bfq_lines_for_other_devices()
    {
        var files = new Dictionary<string, string>
        {
            ["io.weight"] = "default 100\n8:16 200\n", // cgroup-v2.rst's example
            ["io.bfq.weight"] = "default 100\n8:16 50\n254:0 300\n",
        };
        Assert.Equal("8:16 200\n254:0 300", Key.Read(CgroupVersion.V2, files).Text);
    }

    [Fact]
    public void V1_converts_cfq_weights_as_io_weight_does()
    {
        var files = new Dictionary<string, string> { ["blkio.weight_device"] = "8:0 1000\n8:16 10\n" };
        Assert.Equal("8:0 200\n8:16 2", Key.Read(CgroupVersion.V1, files).Text);
    }

    [Fact]
    public void V1_bfq_weights_are_the_same_number_and_a_fresh_file_reads_empty()
    {
        Assert.Equal("254:0 700", Key.Read(CgroupVersion.V1, new Dictionary<string, string> { ["blkio.bfq.weight_device"] = "254:0 700\n" }).Text);
        Assert.Equal(string.Empty, Key.Read(CgroupVersion.V1, new Dictionary<string, string> { ["blkio.bfq.weight_device"] = "" }).Text);
        // Linux 6.x prints BFQ's default line in the v1 file as well (bfq_io_show_weight serves both)
        Assert.Equal("254:0 70", Key.Read(CgroupVersion.V1, new Dictionary<string, string> { ["blkio.bfq.weight_device"] = "default 100\n254:0 70\n" }).Text);
    }

    [Fact]
    public void Old_bfq_files_with_a_bare_default_still_read()
    {
        var files = new Dictionary<string, string> { ["io.bfq.weight"] = "100\n8:0 20\n" };
        Assert.Equal("8:0 20", Key.Read(CgroupVersion.V2, files).Text);
    }

    [Theory]
    [InlineData(CgroupVersion.V2, "io.weight", "8:16 200\n8:0 default", "io.weight <- \"8:16 200\"|io.weight <- \"8:0 default\"")]
    [InlineData(CgroupVersion.V2, "io.bfq.weight", "8:16 5000", "io.bfq.weight <- \"8:16 1000\"")]
    [InlineData(CgroupVersion.V1, "blkio.weight_device", "8:16 100\n8:0 10000\n8:32 default", "blkio.weight_device <- \"8:16 500\"|blkio.weight_device <- \"8:0 1000\"|blkio.weight_device <- \"8:32 0\"")]
    [InlineData(CgroupVersion.V1, "blkio.bfq.weight_device", "254:0 300\n254:16 default", "blkio.bfq.weight_device <- \"254:0 300\"|blkio.bfq.weight_device <- \"254:16 default\"")]
    public void Writes_one_line_per_device_on_the_files_scale(CgroupVersion version, string file, string value, string expected)
    {
        var current = new Dictionary<string, string> { [file] = file.StartsWith("io.", StringComparison.Ordinal) ? "default 100\n" : "" };
        Assert.Equal(expected, string.Join('|', Key.Write(version, KeyValue.Of(value), current)));
    }

    [Fact]
    public void V2_prefers_iocost_and_offers_bfq_for_a_device_iocost_refuses()
    {
        var current = new Dictionary<string, string> { ["io.weight"] = "default 100\n", ["io.bfq.weight"] = "default 100\n" };
        var value = KeyValue.Of("8:0 200\n254:0 3000");
        var writes = Key.Write(CgroupVersion.V2, value, current);
        Assert.Equal("io.weight <- \"8:0 200\"|io.weight <- \"254:0 3000\"", string.Join('|', writes));
        Assert.Equal("io.bfq.weight <- \"254:0 1000\"", Key.InsteadOfUnsupported(CgroupVersion.V2, value, current, writes[1]).ToString());
        Assert.Null(Key.InsteadOfUnsupported(CgroupVersion.V2, value, current, new FileWrite("io.bfq.weight", "254:0 1000")));
    }

    [Fact]
    public void A_device_no_policy_takes_is_explained()
    {
        string why = Key.UnsupportedWriteReason(CgroupVersion.V1, new FileWrite("blkio.bfq.weight_device", "254:0 100"))!;
        Assert.Contains("device 254:0 takes no proportional weight", why, StringComparison.Ordinal);
        Assert.Contains("neither BFQ nor CFQ", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sda 100", "where a device MAJOR:MINOR belongs")]
    [InlineData("8:x 100", "where a device MAJOR:MINOR belongs")]
    [InlineData("8:0", "needs one weight after device 8:0")]
    [InlineData("8:0 100 200", "needs one weight after device 8:0")]
    [InlineData("8:0 0", "use '8:0 default' to remove its weight")]
    [InlineData("8:0 10001", "not a weight between 1 and 10000 or default")]
    [InlineData("8:0 -5", "not a weight between 1 and 10000 or default")]
    [InlineData("8:0 100\n8:0 200", "names device 8:0 twice")]
    [InlineData("", "names no device")]
    public void Bad_values_are_invalid_arguments_before_anything_is_written(string value, string why)
    {
        var current = new Dictionary<string, string> { ["io.weight"] = "default 100\n" };
        var error = Assert.Throws<CgException>(() => Key.Write(CgroupVersion.V2, KeyValue.Of(value), current));
        Assert.Equal(CgErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CgroupVersion.V1, "blkio.weight_device")]
    [InlineData(CgroupVersion.V2, "io.weight")]
    public void A_kernel_with_no_weight_file_is_not_supported_naming_both(CgroupVersion version, string file)
    {
        var error = Assert.Throws<CgException>(() => Key.Read(version, new Dictionary<string, string>()));
        Assert.Equal(CgErrorKind.NotSupported, error.Kind);
        Assert.Contains($"neither {file} nor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unparsable_kernel_text_fails_naming_the_file()
    {
        var error = Assert.Throws<CgException>(() => Key.Read(CgroupVersion.V1, new Dictionary<string, string> { ["blkio.weight_device"] = "8:0 lots\n" }));
        Assert.Equal(CgErrorKind.Failed, error.Kind);
        Assert.Contains("blkio.weight_device", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CgroupVersion.V2, "io.weight", "default 100\n8:0 300\n",
        "io.weight <- \"8:16 default\"|io.weight <- \"8:0 300\"")]
    [InlineData(CgroupVersion.V1, "blkio.weight_device", "8:0 700\n",
        "blkio.weight_device <- \"8:16 0\"|blkio.weight_device <- \"8:0 700\"")]
    [InlineData(CgroupVersion.V1, "blkio.bfq.weight_device", "8:0 70\n",
        "blkio.bfq.weight_device <- \"8:16 default\"|blkio.bfq.weight_device <- \"8:0 70\"")]
    public void Restoring_puts_back_old_weights_and_removes_new_ones_last_first(CgroupVersion version, string file, string old, string expected)
    {
        var before = new Dictionary<string, string> { [file] = old };
        var attempted = Key.Write(version, KeyValue.Of("8:0 20\n8:16 40"), before);
        Assert.Equal(expected, string.Join('|', Key.Restore(version, before, attempted)));
    }

    [Fact]
    public void Restoring_a_device_that_fell_back_to_bfq_restores_bfqs_line()
    {
        var before = new Dictionary<string, string> { ["io.weight"] = "default 100\n", ["io.bfq.weight"] = "default 100\n254:0 10\n" };
        var fellBack = new FileWrite("io.bfq.weight", "254:0 1000");
        Assert.Equal("io.bfq.weight <- \"254:0 10\"", string.Join('|', Key.Restore(CgroupVersion.V2, before, [fellBack])));
    }
}
