using CgManager.Core.Errors;
using CgManager.Core.Keys;
using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Tests.Keys;

public class ConversionTests
{
    [Theory]
    [InlineData(100UL, 1024UL)]    // defaults meet, as in systemd, libcgroup and runc/crun
    [InlineData(1UL, 10UL)]
    [InlineData(50UL, 512UL)]
    [InlineData(200UL, 2048UL)]
    [InlineData(39UL, 399UL)]      // 399.36 rounds down
    [InlineData(10000UL, 102400UL)]
    public void Cpu_weight_maps_to_shares_as_the_kernel_does(ulong weight, ulong shares) =>
        Assert.Equal(shares, CpuWeights.WeightToShares(weight));

    [Theory]
    [InlineData(1024UL, 100UL)]
    [InlineData(2UL, 1UL)]         // clamped to the v2 minimum
    [InlineData(512UL, 50UL)]
    [InlineData(1000UL, 98UL)]     // 97.66 rounds up (systemd truncates to 97)
    [InlineData(262144UL, 10000UL)] // 25600 clamped to the v2 maximum
    [InlineData(102400UL, 10000UL)]
    public void Cpu_shares_map_to_weight_as_the_kernel_shows_them(ulong shares, ulong weight) =>
        Assert.Equal(weight, CpuWeights.SharesToWeight(shares));

    [Fact]
    public void Weight_to_shares_and_back_is_exact_for_every_weight()
    {
        for (ulong weight = CpuWeights.WeightMin; weight <= CpuWeights.WeightMax; weight++)
        {
            Assert.Equal(weight, CpuWeights.SharesToWeight(CpuWeights.WeightToShares(weight)));
        }
    }

    [Fact]
    public void Shares_to_weight_and_back_lands_within_six_shares_up_to_the_v2_maximum()
    {
        for (ulong shares = 10; shares <= 102400; shares++)
        {
            ulong back = CpuWeights.WeightToShares(CpuWeights.SharesToWeight(shares));
            Assert.InRange((long)back - (long)shares, -6, 6);
        }
    }

    [Theory]
    [InlineData(100UL, 500UL)]     // defaults meet (runc/crun would give 500 → 4950)
    [InlineData(1UL, 10UL)]
    [InlineData(2UL, 10UL)]
    [InlineData(200UL, 1000UL)]
    [InlineData(10000UL, 1000UL)]
    public void Io_weight_maps_to_blkio_weight_as_systemd_does(ulong weight, ulong blkio) =>
        Assert.Equal(blkio, IoWeights.WeightToBlkio(weight));

    [Theory]
    [InlineData(500UL, 100UL)]
    [InlineData(10UL, 2UL)]
    [InlineData(1000UL, 200UL)]
    [InlineData(333UL, 67UL)]
    public void Blkio_weight_maps_to_io_weight_as_systemd_does(ulong blkio, ulong weight) =>
        Assert.Equal(weight, IoWeights.BlkioToWeight(blkio));

    [Fact]
    public void Io_weights_from_2_to_200_survive_the_trip_through_blkio()
    {
        for (ulong weight = 2; weight <= 200; weight++)
        {
            Assert.Equal(weight, IoWeights.BlkioToWeight(IoWeights.WeightToBlkio(weight)));
        }
    }

    [Theory]
    [InlineData(1UL, 1UL)]
    [InlineData(100UL, 100UL)]
    [InlineData(1000UL, 1000UL)]
    [InlineData(1001UL, 1000UL)]
    public void Bfq_weights_share_the_v2_scale_up_to_1000(ulong weight, ulong bfq)
    {
        Assert.Equal(bfq, IoWeights.WeightToBfq(weight));
        Assert.Equal(bfq, IoWeights.BfqToWeight(IoWeights.WeightToBfq(weight)));
    }

    [Theory]
    [InlineData("4096", 4096UL)]
    [InlineData("4K", 4096UL)]
    [InlineData("4k", 4096UL)]
    [InlineData("3M", 3145728UL)]
    [InlineData("2G", 2147483648UL)]
    [InlineData("1T", 1099511627776UL)]
    [InlineData(" 8M ", 8388608UL)]
    public void Byte_amounts_take_binary_suffixes(string text, ulong bytes) =>
        Assert.Equal(bytes, ByteValues.ParseRequest(KeyValue.Of(text), "k"));

    [Theory]
    [InlineData("max")]
    [InlineData("MAX")]
    [InlineData("-1")]
    public void No_limit_is_max_or_minus_one(string text) =>
        Assert.Null(ByteValues.ParseRequest(KeyValue.Of(text), "k"));

    [Theory]
    [InlineData(CgroupVersion.V1, "9223372036854771712", null)]   // 4 KiB pages
    [InlineData(CgroupVersion.V1, "9223372036854710272", null)]   // 64 KiB pages
    [InlineData(CgroupVersion.V1, "9223372036852678656", null)]   // hugetlb 2 MB
    [InlineData(CgroupVersion.V1, "9223372035781033984", null)]   // hugetlb 1 GB
    [InlineData(CgroupVersion.V1, "-1", null)]
    [InlineData(CgroupVersion.V1, "1073741824", 1073741824UL)]
    [InlineData(CgroupVersion.V2, "max", null)]
    [InlineData(CgroupVersion.V2, "9223372036854771712", 9223372036854771712UL)] // v2 says max when it means it
    public void Limit_files_read_no_limit_however_the_kernel_spells_it(CgroupVersion version, string text, ulong? bytes) =>
        Assert.Equal(bytes, ByteValues.ParseFile(version, text + "\n", "k", "f"));

    [Theory]
    [InlineData(CgroupVersion.V1, null, "-1")]
    [InlineData(CgroupVersion.V2, null, "max")]
    [InlineData(CgroupVersion.V1, 5UL, "5")]
    public void Limits_are_written_in_each_versions_spelling(CgroupVersion version, ulong? bytes, string text) =>
        Assert.Equal(text, ByteValues.Format(version, bytes));

    [Theory]
    [InlineData("0-3,8,10-11", "0-3,8,10-11")]
    [InlineData("", "")]
    [InlineData(" 1 ,2 ", "1,2")]
    [InlineData("5-5", "5-5")]
    [InlineData("3-1", null)]
    [InlineData("1-2-3", null)]
    [InlineData("1,,2", null)]
    [InlineData("-1", null)]
    [InlineData("x", null)]
    public void Cpu_lists_are_numbers_and_ascending_ranges(string text, string? normal) =>
        Assert.Equal(normal, CpuLists.Normalize(text));

    [Theory]
    [InlineData("max 100000", null, 100000UL)]
    [InlineData("50000 100000", 50000UL, 100000UL)]
    public void Cpu_max_parses(string text, ulong? quota, ulong? period) =>
        Assert.Equal(new CpuQuota(quota, period), CpuQuota.ParseV2(text));

    [Theory]
    [InlineData("-1", "100000", null, 100000UL)]
    [InlineData("25000", "50000", 25000UL, 50000UL)]
    public void Cfs_files_parse(string quotaText, string periodText, ulong? quota, ulong? period) =>
        Assert.Equal(new CpuQuota(quota, period), CpuQuota.ParseV1(quotaText, periodText));

    [Theory]
    [InlineData("1:1", 0x10001U)]
    [InlineData("ffff:ffff", 0xFFFFFFFFU)]
    [InlineData("10:", 0x100000U)]
    [InlineData("0x100001", 0x100001U)]
    [InlineData("1048577", 0x100001U)]
    public void Class_ids_take_numbers_hex_and_tc_handles(string text, uint id) =>
        Assert.Equal(id, ClassIds.Parse(KeyValue.Of(text)));

    [Theory]
    [InlineData("a", "a")]
    [InlineData("c 1:3 rwm", "c 1:3 rwm")]
    [InlineData("b  *:*   m", "b *:* m")]
    [InlineData("a *:* rwm", "a *:* rwm")]
    [InlineData("c 1:3", null)]
    [InlineData("c 1:3 q", null)]
    [InlineData("d 1:3 r", null)]
    [InlineData("c x:3 r", null)]
    public void Device_rules_follow_the_v1_syntax(string rule, string? normal) =>
        Assert.Equal(normal, DeviceRules.Normalize(rule));

    [Theory]
    [InlineData("8:0", 8U, 0U)]
    [InlineData("259:3", 259U, 3U)]
    public void Device_numbers_parse_and_print(string text, uint major, uint minor)
    {
        Assert.True(DeviceNumber.TryParse(text, out var device));
        Assert.Equal(new DeviceNumber(major, minor), device);
        Assert.Equal(text, device.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("8")]
    [InlineData(":0")]
    [InlineData("8:")]
    [InlineData("a:b")]
    public void Malformed_device_numbers_are_refused(string text) => Assert.False(DeviceNumber.TryParse(text, out _));

    [Fact]
    public void Io_max_parses_into_per_device_limits_in_number_order()
    {
        var table = IoThrottle.ParseV2("259:0 rbps=max wbps=10 riops=max wiops=max\n8:0 rbps=1 wbps=max riops=2 wiops=max\n");
        Assert.NotNull(table);
        Assert.Equal("8:0 rbps=1 wbps=max riops=2 wiops=max\n259:0 rbps=max wbps=10 riops=max wiops=max", IoThrottle.Format(table));
    }

    [Theory]
    [InlineData("-5", KeyValueKind.Text)]
    [InlineData("18446744073709551616", KeyValueKind.Text)] // beyond 64 bits
    [InlineData("18446744073709551615", KeyValueKind.Number)]
    [InlineData("0", KeyValueKind.Number)]
    [InlineData("Max", KeyValueKind.Max)]
    [InlineData("0-3", KeyValueKind.Text)]
    public void Client_strings_are_read_as_numbers_max_or_text(string text, KeyValueKind kind) =>
        Assert.Equal(kind, KeyValue.Of(text).Kind);

    [Fact]
    public void Negative_integers_other_than_minus_one_are_refused_by_number_keys()
    {
        Assert.Equal(KeyValueKind.Max, KeyValue.Of(-1L).Kind);
        var error = Assert.Throws<CgException>(() => NeutralKeys.Resolve("pids.max").Write(CgroupVersion.V2, KeyValue.Of(-2L), new Dictionary<string, string>()));
        Assert.Equal(CgErrorKind.InvalidArgument, error.Kind);
    }
}
