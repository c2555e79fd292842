using CgManager.Core.Keys;

namespace CgManager.Core.Tests.Keys;

public class RegistryTests
{
    [Fact]
    public void Every_key_the_issue_asks_for_exists()
    {
        string[] wanted =
        [
            "memory.limit", "memory.soft_limit", "memory.swap.limit", "memory.usage", "memory.max_usage",
            "memory.failcnt", "cpu.weight", "cpu.quota", "cpus.allowed", "mems.allowed", "pids.max", "pids.current",
            "io.weight", "io.weight_device", "io.throttle", "hugetlb.2MB.limit", "freezer.state", "devices.allow", "devices.deny",
            "devices.list", "net_cls.classid", "net_prio.ifpriomap",
        ];
        Assert.All(wanted, name => Assert.True(NeutralKeys.TryGet(name, out var key) && !key.IsRaw, name));
    }

    [Fact]
    public void Every_key_is_in_the_documented_table()
    {
        string table = File.ReadAllText(FindDocs());
        foreach (var key in NeutralKeys.All)
        {
            Assert.Contains($"| `{key.Name}` |", table, StringComparison.Ordinal);
        }

        Assert.Contains("| `hugetlb.SIZE.limit` |", table, StringComparison.Ordinal);
        Assert.Contains("| `hugetlb.SIZE.usage` |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_key_names_its_controller_on_each_version_it_supports()
    {
        string[] v2Only = ["memory.swap.max_usage", "pressure.cpu", "pressure.memory", "pressure.io"];
        foreach (var key in NeutralKeys.All)
        {
            Assert.Equal(!v2Only.Contains(key.Name), key.V1Controller is not null);
            Assert.Equal(key.V1Controller is not null, key.IsSupportedOn(CgroupVersion.V1));
            Assert.Equal(key.V2Controller is not null, key.IsSupportedOn(CgroupVersion.V2));
        }

        Assert.Equal("unified", NeutralKeys.Resolve("pressure.io").ControllerOn(CgroupVersion.V2)); // PSI files are in every v2 cgroup
        Assert.Equal("cpuacct", NeutralKeys.Resolve("cpu.usage").ControllerOn(CgroupVersion.V1));

        Assert.Equal("unified", NeutralKeys.Resolve("freezer.state").ControllerOn(CgroupVersion.V2));
        Assert.Equal("blkio", NeutralKeys.Resolve("io.throttle").ControllerOn(CgroupVersion.V1));
        Assert.Equal("io", NeutralKeys.Resolve("io.throttle").ControllerOn(CgroupVersion.V2));
    }

    [Fact]
    public void Key_names_are_unique_and_every_name_resolves_to_its_key()
    {
        Assert.Equal(NeutralKeys.All.Count, NeutralKeys.All.Select(k => k.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(NeutralKeys.All, key => Assert.Same(key, NeutralKeys.Resolve(key.Name)));
    }

    [Theory]
    [InlineData("hugetlb.2MB.limit", "hugetlb.2MB.limit_in_bytes", "hugetlb.2MB.max")]
    [InlineData("hugetlb.1GB.usage", "hugetlb.1GB.usage_in_bytes", "hugetlb.1GB.current")]
    [InlineData("hugetlb.64KB.limit", "hugetlb.64KB.limit_in_bytes", "hugetlb.64KB.max")]
    public void Hugetlb_keys_exist_for_every_page_size(string name, string v1File, string v2File)
    {
        var key = NeutralKeys.Resolve(name);
        Assert.Equal([v1File], key.FilesToRead(CgroupVersion.V1));
        Assert.Equal([v2File], key.FilesToRead(CgroupVersion.V2));
    }

    private static string FindDocs()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "docs", "keys.md");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("docs/keys.md above the test binaries");
    }
}
