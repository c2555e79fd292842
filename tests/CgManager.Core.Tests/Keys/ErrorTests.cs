using CgManager.Core.Errors;
using CgManager.Core.Keys;

namespace CgManager.Core.Tests.Keys;

public class KeyErrorTests
{
    [Theory]
    [InlineData("memory.limit", "lots", "is not a byte amount")]
    [InlineData("memory.limit", "12Q", "is not a byte amount")]
    [InlineData("memory.limit", "-5", "is not a byte amount")]
    [InlineData("memory.limit", "99999999999T", "too large")]
    [InlineData("cpu.weight", "0", "between 1 and 10000")]
    [InlineData("cpu.weight", "10001", "between 1 and 10000")]
    [InlineData("cpu.weight", "max", "between 1 and 10000")]
    [InlineData("cpu.weight", "heavy", "between 1 and 10000")]
    [InlineData("io.weight", "0", "between 1 and 10000")]
    [InlineData("cpu.quota", "500 100000", "below the kernel's minimum")]
    [InlineData("cpu.quota", "50000 500", "period outside")]
    [InlineData("cpu.quota", "50000 2000000", "period outside")]
    [InlineData("cpu.quota", "1 2 3", "is not 'QUOTA PERIOD'")]
    [InlineData("cpu.quota", "half", "not a number of microseconds")]
    [InlineData("cpus.allowed", "3-1", "is not a list")]
    [InlineData("cpus.allowed", "a,b", "is not a list")]
    [InlineData("cpus.allowed", "max", "is not a list")]
    [InlineData("pids.max", "many", "is not a number or max")]
    [InlineData("io.throttle", "sda rbps=1", "where a device MAJOR:MINOR belongs")]
    [InlineData("io.throttle", "8:0", "sets no limit")]
    [InlineData("io.throttle", "8:0 rbps=0", "0 is not a limit")]
    [InlineData("io.throttle", "8:0 xbps=1", "not one of rbps=")]
    [InlineData("io.throttle", "8:0 rbps=1 rbps=2", "sets rbps twice")]
    [InlineData("io.throttle", "8:0 rbps=1\n8:0 wbps=1", "names device 8:0 twice")]
    [InlineData("io.throttle", "8:0 riops=1K", "is not a number or max")]
    [InlineData("io.throttle", "", "names no device")]
    [InlineData("freezer.state", "FREEZING", "is not FROZEN or THAWED")]
    [InlineData("hugetlb.2MB.limit", "big", "is not a byte amount")]
    public void Bad_values_are_invalid_arguments_that_name_the_key(string key, string value, string why)
    {
        foreach (var version in new[] { CgroupVersion.V1, CgroupVersion.V2 })
        {
            var definition = NeutralKeys.Resolve(key);
            var error = Assert.Throws<CgException>(() => definition.Write(version, KeyValue.Of(value), Current));
            Assert.Equal(CgErrorKind.InvalidArgument, error.Kind);
            Assert.StartsWith($"invalid argument: {key}: ", error.Message, StringComparison.Ordinal);
            Assert.Contains(why, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("devices.allow", "c 1:3 rwx")]
    [InlineData("devices.allow", "x 1:3 r")]
    [InlineData("devices.deny", "c 1 r")]
    [InlineData("devices.deny", "c 1:3 rr")]
    [InlineData("net_cls.classid", "0x1ffffffff")]
    [InlineData("net_cls.classid", "4294967296")]
    [InlineData("net_cls.classid", "10000:1")]
    [InlineData("net_prio.ifpriomap", "eth0")]
    [InlineData("net_prio.ifpriomap", "eth0 high")]
    public void Bad_values_of_v1_only_keys_are_invalid_arguments(string key, string value) =>
        Assert.Equal(CgErrorKind.InvalidArgument,
            Assert.Throws<CgException>(() => NeutralKeys.Resolve(key).Write(CgroupVersion.V1, KeyValue.Of(value), Current)).Kind);

    [Theory]
    [InlineData("devices.allow", "eBPF")]
    [InlineData("devices.deny", "eBPF")]
    [InlineData("devices.list", "eBPF")]
    [InlineData("net_cls.classid", "no net_cls controller")]
    [InlineData("net_prio.ifpriomap", "no net_prio controller")]
    public void V1_only_keys_on_v2_are_not_supported_and_say_why(string key, string why)
    {
        var definition = NeutralKeys.Resolve(key);
        Assert.False(definition.IsSupportedOn(CgroupVersion.V2));
        Assert.Null(definition.V2Controller);
        var error = Assert.Throws<CgException>(() => definition.FilesWritten(CgroupVersion.V2).Count
            + definition.FilesToRead(CgroupVersion.V2).Count);
        Assert.Equal(CgErrorKind.NotSupported, error.Kind);
        Assert.StartsWith($"not supported: {key}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Throws<CgException>(() => definition.Write(CgroupVersion.V2, KeyValue.Of("a"), Current));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../memory.max")]
    [InlineData("memory/limit")]
    [InlineData("a\0b")]
    [InlineData("hugetlb.3XB.limit")]
    [InlineData("hugetlb.2mb.limit")]
    [InlineData("hugetlb..limit")]
    public void Keys_that_are_neither_neutral_nor_file_names_are_invalid_keys(string key)
    {
        var error = Assert.Throws<CgException>(() => NeutralKeys.Resolve(key));
        Assert.Equal(CgErrorKind.InvalidKey, error.Kind);
        Assert.StartsWith("invalid key: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name_reads_as_a_missing_file_an_invalid_key()
    {
        var definition = NeutralKeys.Resolve("memory.limt");
        Assert.True(definition.IsRaw);
        var error = Assert.Throws<CgException>(() => definition.Read(CgroupVersion.V2, Current));
        Assert.Equal(CgErrorKind.InvalidKey, error.Kind);
        Assert.Equal("invalid key: memory.limt: no such file in this cgroup", error.Message);
    }

    [Theory]
    [InlineData("memory.usage")]
    [InlineData("memory.max_usage")]
    [InlineData("memory.failcnt")]
    [InlineData("pids.current")]
    [InlineData("hugetlb.2MB.usage")]
    [InlineData("devices.list")]
    public void Read_only_keys_cannot_be_written(string key)
    {
        var error = Assert.Throws<CgException>(() => NeutralKeys.Resolve(key).Write(CgroupVersion.V1, KeyValue.Of(1UL), Current));
        Assert.Equal(CgErrorKind.InvalidKey, error.Kind);
        Assert.Equal($"invalid key: {key}: the key is read-only", error.Message);
    }

    [Fact]
    public void Write_only_keys_point_to_where_their_effect_reads()
    {
        var error = Assert.Throws<CgException>(() => NeutralKeys.Resolve("devices.allow").FilesToRead(CgroupVersion.V1));
        Assert.Equal("invalid key: devices.allow: the key is write-only; read devices.list", error.Message);
    }

    [Fact]
    public void A_v1_swap_limit_needs_a_memory_limit_first()
    {
        var current = new Dictionary<string, string>
        {
            ["memory.limit_in_bytes"] = "9223372036854771712\n",
            ["memory.memsw.limit_in_bytes"] = "9223372036854771712\n",
        };
        var error = Assert.Throws<CgException>(() => NeutralKeys.Resolve("memory.swap.limit").Write(CgroupVersion.V1, KeyValue.Of("1G"), current));
        Assert.Equal(CgErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("needs a memory limit first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v1_swap_limit_without_swap_accounting_is_not_supported()
    {
        var current = new Dictionary<string, string> { ["memory.limit_in_bytes"] = "1048576\n" };
        var error = Assert.Throws<CgException>(() => NeutralKeys.Resolve("memory.swap.limit").Write(CgroupVersion.V1, KeyValue.Of("1G"), current));
        Assert.Equal(CgErrorKind.NotSupported, error.Kind);
        Assert.Contains("swapaccount=1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Peak_usage_on_a_kernel_before_5_19_is_not_supported()
    {
        var error = Assert.Throws<CgException>(() => NeutralKeys.Resolve("memory.max_usage").Read(CgroupVersion.V2, Current));
        Assert.Equal(CgErrorKind.NotSupported, error.Kind);
        Assert.Contains("5.19", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CgroupVersion.V1)]
    [InlineData(CgroupVersion.V2)]
    public void Io_weight_without_a_weight_capable_scheduler_is_not_supported(CgroupVersion version)
    {
        var error = Assert.Throws<CgException>(() => NeutralKeys.Resolve("io.weight").Write(version, KeyValue.Of(100UL), Current));
        Assert.Equal(CgErrorKind.NotSupported, error.Kind);
    }

    [Fact]
    public void Kernel_text_that_makes_no_sense_is_a_failure_not_a_guess()
    {
        var files = new Dictionary<string, string> { ["memory.max"] = "lots\n" };
        var error = Assert.Throws<CgException>(() => NeutralKeys.Resolve("memory.limit").Read(CgroupVersion.V2, files));
        Assert.Equal(CgErrorKind.Failed, error.Kind);
        Assert.Contains("cannot parse memory.max", error.Message, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, string> Current = new()
    {
        ["memory.limit_in_bytes"] = "1073741824\n",
        ["memory.memsw.limit_in_bytes"] = "9223372036854771712\n",
    };
}
