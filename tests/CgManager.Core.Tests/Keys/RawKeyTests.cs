using CgManager.Core.Errors;
using CgManager.Core.Keys;

namespace CgManager.Core.Tests.Keys;

/// <summary>Kernel file names keep working as keys, as in the old API: read and written verbatim.</summary>
public class RawKeyTests
{
    [Theory]
    [InlineData("memory.limit_in_bytes")]
    [InlineData("memory.max")]
    [InlineData("cpu.shares")]
    [InlineData("cpu.max")]
    [InlineData("io.max")]
    [InlineData("hugetlb.2MB.limit_in_bytes")]
    [InlineData("cgroup.subtree_control")]
    [InlineData("memory.limit_typo")]
    public void Kernel_file_names_pass_through_unchanged(string file)
    {
        var key = NeutralKeys.Resolve(file);
        Assert.True(key.IsRaw);
        Assert.Null(key.ControllerOn(CgroupVersion.V1));
        foreach (var version in new[] { CgroupVersion.V1, CgroupVersion.V2 })
        {
            Assert.True(key.IsSupportedOn(version));
            Assert.Equal([file], key.FilesToRead(version));
            var value = key.Read(version, new Dictionary<string, string> { [file] = "8:0 rbps=1 wbps=max\n" });
            Assert.Equal(KeyValueKind.Text, value.Kind);
            Assert.Equal("8:0 rbps=1 wbps=max", value.Text);
            Assert.Equal($"{file} <- \"-1\"", string.Join('|', key.Write(version, KeyValue.Of("-1"), new Dictionary<string, string>())));
        }
    }

    [Fact]
    public void Raw_writes_keep_the_clients_spelling_of_numbers_and_max()
    {
        var key = NeutralKeys.Resolve("memory.memsw.limit_in_bytes");
        var none = new Dictionary<string, string>();
        Assert.Equal("-1", key.Write(CgroupVersion.V1, KeyValue.Of("-1"), none)[0].Text);
        Assert.Equal("MAX", key.Write(CgroupVersion.V1, KeyValue.Of("MAX"), none)[0].Text);
        Assert.Equal("007", key.Write(CgroupVersion.V1, KeyValue.Of("007"), none)[0].Text);
    }

    [Theory]
    [InlineData("tasks")]
    [InlineData("cgroup.procs")]
    [InlineData("release_agent")]
    public void Raw_writes_still_refuse_what_SetValue_refuses(string file)
    {
        var key = NeutralKeys.Resolve(file);
        Assert.Equal("0", key.Read(CgroupVersion.V1, new Dictionary<string, string> { [file] = "0\n" }).Text); // readable
        var error = Assert.Throws<CgException>(() => key.Write(CgroupVersion.V1, KeyValue.Of("1"), new Dictionary<string, string>()));
        Assert.Equal(CgErrorKind.InvalidKey, error.Kind);
    }

    [Theory]
    [InlineData("freezer.state", "freezer.state")]
    [InlineData("pids.max", "pids.max")]
    [InlineData("devices.list", "devices.list")]
    [InlineData("net_cls.classid", "net_cls.classid")]
    [InlineData("memory.failcnt", "memory.failcnt")]
    public void Neutral_names_that_are_also_v1_file_names_use_that_very_file_on_v1(string key, string file) =>
        Assert.Contains(file, NeutralKeys.Resolve(key).FilesToRead(CgroupVersion.V1));

    [Theory]
    [InlineData("cpu.weight")]
    [InlineData("pids.max")]
    [InlineData("pids.current")]
    public void Neutral_names_that_are_also_v2_file_names_use_that_very_file_on_v2(string key) =>
        Assert.Equal([key], NeutralKeys.Resolve(key).FilesToRead(CgroupVersion.V2));
}
