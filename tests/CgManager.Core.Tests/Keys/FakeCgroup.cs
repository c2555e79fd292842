using CgManager.Core.Keys;

namespace CgManager.Core.Tests.Keys;

/// <summary>
/// A cgroup's files as a fresh cgroup shows them, with the kernel's write semantics where they differ from
/// "the file now holds the text": v1 "-1" limits, keyed files that take one entry per write, cgroup.freeze.
/// Enough to run a key's writes and read them back; not a kernel.
/// </summary>
internal sealed class FakeCgroup
{
    private const string V1Unlimited = "9223372036854771712";

    private static readonly string[] KeyedByDevice =
    [
        "blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
        "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
    ];

    private FakeCgroup(CgroupVersion version, Dictionary<string, string> files)
    {
        Version = version;
        Files = files;
    }

    public CgroupVersion Version { get; }

    public Dictionary<string, string> Files { get; }

    public List<FileWrite> Log { get; } = [];

    /// <summary>Fails the write to this file (as the kernel's EINVAL would).</summary>
    public string? FailOn { get; set; }

    public static FakeCgroup V1() => new(CgroupVersion.V1, new(StringComparer.Ordinal)
    {
        ["memory.limit_in_bytes"] = V1Unlimited + "\n",
        ["memory.memsw.limit_in_bytes"] = V1Unlimited + "\n",
        ["memory.soft_limit_in_bytes"] = V1Unlimited + "\n",
        ["memory.usage_in_bytes"] = "1048576\n",
        ["memory.max_usage_in_bytes"] = "2097152\n",
        ["memory.failcnt"] = "3\n",
        ["cpu.shares"] = "1024\n",
        ["cpu.cfs_quota_us"] = "-1\n",
        ["cpu.cfs_period_us"] = "100000\n",
        ["cpuset.cpus"] = "0-3\n",
        ["cpuset.mems"] = "0\n",
        ["pids.max"] = "max\n",
        ["pids.current"] = "4\n",
        ["blkio.bfq.weight"] = "100\n",
        ["blkio.throttle.read_bps_device"] = "",
        ["blkio.throttle.write_bps_device"] = "",
        ["blkio.throttle.read_iops_device"] = "",
        ["blkio.throttle.write_iops_device"] = "",
        ["hugetlb.2MB.limit_in_bytes"] = "9223372036852678656\n",
        ["hugetlb.2MB.usage_in_bytes"] = "0\n",
        ["freezer.state"] = "THAWED\n",
        ["devices.list"] = "a *:* rwm\n",
        ["net_cls.classid"] = "0\n",
        ["net_prio.ifpriomap"] = "lo 0\neth0 0\n",
    });

    public static FakeCgroup V2() => new(CgroupVersion.V2, new(StringComparer.Ordinal)
    {
        ["memory.max"] = "max\n",
        ["memory.swap.max"] = "max\n",
        ["memory.low"] = "0\n",
        ["memory.current"] = "1048576\n",
        ["memory.peak"] = "2097152\n",
        ["memory.events"] = "low 0\nhigh 0\nmax 3\noom 0\noom_kill 0\noom_group_kill 0\n",
        ["cpu.weight"] = "100\n",
        ["cpu.max"] = "max 100000\n",
        ["cpuset.cpus"] = "\n",
        ["cpuset.mems"] = "\n",
        ["pids.max"] = "max\n",
        ["pids.current"] = "4\n",
        ["io.weight"] = "default 100\n",
        ["io.max"] = "",
        ["hugetlb.2MB.max"] = "max\n",
        ["hugetlb.2MB.current"] = "0\n",
        ["cgroup.freeze"] = "0\n",
        ["cgroup.events"] = "populated 1\nfrozen 0\n",
    });

    public static FakeCgroup Of(CgroupVersion version) => version == CgroupVersion.V1 ? V1() : V2();

    /// <summary>The files a key asks for, as a caller would read them (absent ones left out).</summary>
    public Dictionary<string, string> Read(IEnumerable<string> names) =>
        names.Where(Files.ContainsKey).ToDictionary(n => n, n => Files[n], StringComparer.Ordinal);

    public KeyValue Get(string key)
    {
        var definition = NeutralKeys.Resolve(key);
        return definition.Read(Version, Read(definition.FilesToRead(Version)));
    }

    /// <summary>Sets a key all or nothing, as the daemon will: snapshot, write, restore on failure. True if it stuck.</summary>
    public bool Set(string key, KeyValue value)
    {
        var definition = NeutralKeys.Resolve(key);
        var before = Read(definition.FilesToReadBeforeWrite(Version));
        var writes = definition.Write(Version, value, before);
        for (int i = 0; i < writes.Count; i++)
        {
            if (!Apply(writes[i]))
            {
                foreach (var restore in definition.Restore(Version, before, writes.Take(i + 1).ToArray()))
                {
                    Apply(restore);
                }

                return false;
            }
        }

        return true;
    }

    public bool Apply(FileWrite write)
    {
        Log.Add(write);
        if (write.File == FailOn)
        {
            return false;
        }

        string text = write.Text;
        if (KeyedByDevice.Contains(write.File))
        {
            Merge(write.File, text, text.EndsWith(" 0", StringComparison.Ordinal));
        }
        else if (write.File == "io.max")
        {
            MergeIoMax(text);
        }
        else if (write.File == "net_prio.ifpriomap")
        {
            Merge(write.File, text, remove: false);
        }
        else if (write.File == "cgroup.freeze")
        {
            Files[write.File] = text + "\n";
            Files["cgroup.events"] = $"populated 1\nfrozen {text}\n";
        }
        else if (write.File == "cpu.max" && !text.Contains(' ', StringComparison.Ordinal))
        {
            Files[write.File] = $"{text} {Files[write.File].Split(' ')[1]}";
        }
        else if (write.File == "io.weight" || write.File == "io.bfq.weight")
        {
            Files[write.File] = (text.StartsWith("default ", StringComparison.Ordinal) ? text : "default " + text) + "\n";
        }
        else
        {
            Files[write.File] = (Version == CgroupVersion.V1 && text == "-1" && write.File.Contains("bytes", StringComparison.Ordinal) ? V1Unlimited : text) + "\n";
        }

        return true;
    }

    private void Merge(string file, string line, bool remove)
    {
        string name = line.Split(' ')[0];
        var lines = Files[file].Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Split(' ')[0] != name).ToList();
        if (!remove)
        {
            lines.Add(line);
        }

        Files[file] = string.Concat(lines.Select(l => l + "\n"));
    }

    private void MergeIoMax(string line)
    {
        string[] parts = line.Split(' ');
        var fields = new Dictionary<string, string> { ["rbps"] = "max", ["wbps"] = "max", ["riops"] = "max", ["wiops"] = "max" };
        string? old = Files["io.max"].Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(l => l.Split(' ')[0] == parts[0]);
        foreach (string setting in (old?.Split(' ').Skip(1) ?? []).Concat(parts.Skip(1)))
        {
            fields[setting.Split('=')[0]] = setting.Split('=')[1];
        }

        bool none = fields.Values.All(v => v == "max");
        string merged = parts[0] + string.Concat(new[] { "rbps", "wbps", "riops", "wiops" }.Select(f => $" {f}={fields[f]}"));
        Merge("io.max", merged, none);
    }
}
