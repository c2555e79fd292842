using CgManager.Core.Keys.Conversions;
using static CgManager.Core.Keys.Definitions.StatKey;

namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// The read-only usage keys of issue 16 (docs/keys.md, "Usage keys"): CPU time and throttling, the memory
/// breakdown and working set, memory, swap and pids events, I/O per device, pressure (PSI) and NUMA figures.
/// Records name their fields the same on both versions; a field one kernel lacks is left out, a key it lacks
/// entirely is <c>not supported</c> with the reason.
/// </summary>
internal static class UsageKeys
{
    private const string NoPsi = "pressure stall information exists only on cgroup v2 (cpu.pressure, memory.pressure, io.pressure)";
    private const string PsiMissing = "the kernel reports no pressure (built without CONFIG_PSI, or booted with psi=0)";
    private const string NoSwapAccounting = "swap is not accounted (memory.memsw.* absent: boot with swapaccount=1)";

    public static KeyDefinition[] Build() =>
    [
        new StatKey("cpu.usage",
            new Side("cpuacct", ["cpuacct.usage", "cpuacct.usage_user", "cpuacct.usage_sys", "cpuacct.stat"], CpuUsageV1),
            new Side(Hierarchies.Hierarchy.UnifiedToken, ["cpu.stat"], CpuUsageV2)),
        new StatKey("cpu.throttling",
            new Side("cpu", ["cpu.stat"], (f, k) => Throttling(f, k, "throttled_time", 1000)),
            new Side("cpu", ["cpu.stat"], (f, k) => Throttling(f, k, "throttled_usec", 1))),
        new StatKey("memory.breakdown",
            new Side("memory", ["memory.stat", "memory.usage_in_bytes", "memory.kmem.usage_in_bytes"], (f, k) => Breakdown(f, k, CgroupVersion.V1)),
            new Side("memory", ["memory.stat", "memory.current", "memory.swap.current"], (f, k) => Breakdown(f, k, CgroupVersion.V2))),
        new StatKey("memory.working_set",
            new Side("memory", ["memory.stat", "memory.usage_in_bytes"], (f, k) => KeyValue.Of(WorkingSet(f, k, CgroupVersion.V1))),
            new Side("memory", ["memory.stat", "memory.current"], (f, k) => KeyValue.Of(WorkingSet(f, k, CgroupVersion.V2)))),
        new StatKey("memory.event_counts",
            new Side("memory", ["memory.failcnt", "memory.oom_control"], MemoryEventsV1),
            new Side("memory", ["memory.events"], (f, k) => Pick(f, k, "memory.events", ["low", "high", "max", "oom", "oom_kill"]))),
        new StatKey("memory.swap.usage",
            new Side("memory", ["memory.memsw.usage_in_bytes", "memory.usage_in_bytes"], SwapUsageV1),
            new Side("memory", ["memory.swap.current"], (f, k) => Number(f, k, "memory.swap.current", "memory.swap.current is absent: swap is not accounted"))),
        new StatKey("memory.swap.max_usage", null,
            new Side("memory", ["memory.swap.peak"], (f, k) => Number(f, k, "memory.swap.peak", "memory.swap.peak is absent: cgroup v2 reports the swap peak from Linux 6.5")),
            unsupported: "cgroup v1 records only the peak of memory+swap together; read it as memory.memsw.max_usage_in_bytes"),
        new StatKey("memory.swap.failcnt",
            new Side("memory", ["memory.memsw.failcnt"], (f, k) => Number(f, k, "memory.memsw.failcnt", NoSwapAccounting)),
            new Side("memory", ["memory.swap.events"], (f, k) => FlatField(f, k, "memory.swap.events", "max"))),
        new StatKey("memory.numa",
            new Side("memory", ["memory.numa_stat"], NumaV1),
            new Side("memory", ["memory.numa_stat"], NumaV2)),
        new StatKey("pids.event_counts",
            new Side("pids", ["pids.events"], (f, k) => Pick(f, k, "pids.events", ["max"])),
            new Side("pids", ["pids.events"], (f, k) => Pick(f, k, "pids.events", ["max"]))),
        new StatKey("io.usage",
            new Side("blkio", [BlkioBytes, BlkioIos], IoV1),
            new Side("io", ["io.stat"], IoV2)),
        Pressure("cpu"),
        Pressure("memory"),
        Pressure("io"),
        new FileKey("cpus.effective", KeyAccess.ReadOnly, Codecs.CpuListCodec.Instance, "cpuset", "cpuset.effective_cpus", "cpuset", "cpuset.cpus.effective"),
    ];

    /// <summary>hugetlb.SIZE.max_usage: v1 only (v2 keeps no peak).</summary>
    public static KeyDefinition HugetlbMaxUsage(string stem) =>
        new FileKey(stem + "max_usage", KeyAccess.ReadOnly, Codecs.CounterCodec.Instance, "hugetlb", stem + "max_usage_in_bytes", null, null,
            unsupported: "cgroup v2 keeps no peak of huge page usage (hugetlb.SIZE.current only)");

    /// <summary>hugetlb.SIZE.failcnt: v1 failcnt; v2 the <c>max</c> entry of hugetlb.SIZE.events.</summary>
    public static KeyDefinition HugetlbFailCount(string stem) =>
        new StatKey(stem + "failcnt",
            new Side("hugetlb", [stem + "failcnt"], (f, k) => Number(f, k, stem + "failcnt", null)),
            new Side("hugetlb", [stem + "events"], (f, k) => FlatField(f, k, stem + "events", "max")));

    private static readonly string[] PsiAverages = ["avg10", "avg60", "avg300"];

    private const string BlkioBytes = "blkio.throttle.io_service_bytes_recursive";
    private const string BlkioIos = "blkio.throttle.io_serviced_recursive";

    private static StatKey Pressure(string resource) =>
        new("pressure." + resource, null,
            new Side(Hierarchies.Hierarchy.UnifiedToken, [resource + ".pressure"], (f, k) => Psi(f, k, resource + ".pressure")),
            unsupported: NoPsi);

    private static KeyValue CpuUsageV1(IReadOnlyDictionary<string, string> files, string key)
    {
        ulong total = Require(files, key, "cpuacct.usage") / 1000;
        if (KeyFiles.Get(files, "cpuacct.usage_user") is { } user && KeyFiles.Get(files, "cpuacct.usage_sys") is { } sys
            && StatFiles.TryNumber(user, out ulong u) && StatFiles.TryNumber(sys, out ulong s))
        {
            return Record(("total_usec", total), ("user_usec", u / 1000), ("system_usec", s / 1000));
        }

        // before Linux 4.7: cpuacct.stat in USER_HZ ticks (100 a second on every architecture's ABI)
        var stat = StatFiles.Flat(KeyFiles.Require(files, "cpuacct.stat", key));
        return Record(("total_usec", total), ("user_usec", stat.GetValueOrDefault("user") * 10_000), ("system_usec", stat.GetValueOrDefault("system") * 10_000));
    }

    private static KeyValue CpuUsageV2(IReadOnlyDictionary<string, string> files, string key)
    {
        var stat = StatFiles.Flat(KeyFiles.Require(files, "cpu.stat", key));
        return Record(("total_usec", Field(stat, key, "cpu.stat", "usage_usec")), ("user_usec", Field(stat, key, "cpu.stat", "user_usec")),
            ("system_usec", Field(stat, key, "cpu.stat", "system_usec")));
    }

    private static KeyValue Throttling(IReadOnlyDictionary<string, string> files, string key, string timeField, ulong perUsec)
    {
        var stat = StatFiles.Flat(KeyFiles.Require(files, "cpu.stat", key));
        if (!stat.TryGetValue("nr_periods", out ulong periods))
        {
            throw KeyErrors.NotSupported(key, "cpu.stat has no bandwidth figures: enable the cpu controller for this cgroup");
        }

        return Record(("periods", periods), ("throttled_periods", Field(stat, key, "cpu.stat", "nr_throttled")),
            ("throttled_usec", Field(stat, key, "cpu.stat", timeField) / perUsec));
    }

    private static KeyValue Breakdown(IReadOnlyDictionary<string, string> files, string key, CgroupVersion version)
    {
        var stat = StatFiles.Flat(KeyFiles.Require(files, "memory.stat", key));
        bool v1 = version == CgroupVersion.V1;
        var fields = new List<KeyValuePair<string, KeyValue>>();
        void Add(string name, string source)
        {
            if (stat.TryGetValue(source, out ulong n))
            {
                fields.Add(new(name, KeyValue.Of(n)));
            }
        }

        // v1: the total_* figures, which count descendants as memory.usage_in_bytes does (v2's are hierarchical anyway)
        Add("anon", v1 ? "total_rss" : "anon");
        Add("file", v1 ? "total_cache" : "file");
        ulong? kernel = v1 ? Optional(files, "memory.kmem.usage_in_bytes") : stat.TryGetValue("kernel", out ulong k) ? k : null;
        if (kernel is { } kb)
        {
            fields.Add(new("kernel", KeyValue.Of(kb)));
        }

        Add("shmem", v1 ? "total_shmem" : "shmem");
        ulong? swap = v1 ? (stat.TryGetValue("total_swap", out ulong s) ? s : null) : Optional(files, "memory.swap.current");
        if (swap is { } sb)
        {
            fields.Add(new("swap", KeyValue.Of(sb)));
        }

        Add("active_file", v1 ? "total_active_file" : "active_file");
        Add("inactive_file", v1 ? "total_inactive_file" : "inactive_file");
        fields.Add(new("usage", KeyValue.Of(Usage(files, key, version))));
        fields.Add(new("working_set", KeyValue.Of(WorkingSet(files, key, version))));
        return KeyValue.OfFields(fields);
    }

    /// <summary>cAdvisor's working set: usage minus inactive file pages, never below 0 (container_memory_working_set_bytes).</summary>
    private static ulong WorkingSet(IReadOnlyDictionary<string, string> files, string key, CgroupVersion version)
    {
        var stat = StatFiles.Flat(KeyFiles.Require(files, "memory.stat", key));
        ulong inactive = stat.GetValueOrDefault(version == CgroupVersion.V1 ? "total_inactive_file" : "inactive_file");
        ulong usage = Usage(files, key, version);
        return usage > inactive ? usage - inactive : 0;
    }

    private static ulong Usage(IReadOnlyDictionary<string, string> files, string key, CgroupVersion version) =>
        Require(files, key, version == CgroupVersion.V1 ? "memory.usage_in_bytes" : "memory.current");

    private static KeyValue MemoryEventsV1(IReadOnlyDictionary<string, string> files, string key)
    {
        // v1 has no low/high boundaries and counts no OOM events apart from kills (oom_kill, Linux 4.13)
        var fields = new List<(string, ulong)> { ("max", Require(files, key, "memory.failcnt")) };
        if (KeyFiles.Get(files, "memory.oom_control") is { } oom && StatFiles.Flat(oom).TryGetValue("oom_kill", out ulong kills))
        {
            fields.Add(("oom_kill", kills));
        }

        return Record([.. fields]);
    }

    private static KeyValue SwapUsageV1(IReadOnlyDictionary<string, string> files, string key)
    {
        ulong both = Number(files, key, "memory.memsw.usage_in_bytes", NoSwapAccounting).Number;
        ulong memory = Require(files, key, "memory.usage_in_bytes");
        return KeyValue.Of(both > memory ? both - memory : 0);
    }

    private static KeyValue IoV1(IReadOnlyDictionary<string, string> files, string key)
    {
        var bytes = StatFiles.Blkio(KeyFiles.Require(files, BlkioBytes, key, $"{BlkioBytes} is absent: the kernel has no blk-throttle accounting"));
        var ios = StatFiles.Blkio(KeyFiles.Get(files, BlkioIos) ?? string.Empty);
        return KeyValue.OfFields(bytes.Keys.Union(ios.Keys).Order(StringComparer.Ordinal).Select(device =>
        {
            var b = bytes.GetValueOrDefault(device) ?? [];
            var o = ios.GetValueOrDefault(device) ?? [];
            return new KeyValuePair<string, KeyValue>(device, Record(("rbytes", b.GetValueOrDefault("Read")), ("wbytes", b.GetValueOrDefault("Write")),
                ("rios", o.GetValueOrDefault("Read")), ("wios", o.GetValueOrDefault("Write"))));
        }).ToArray());
    }

    private static KeyValue IoV2(IReadOnlyDictionary<string, string> files, string key) =>
        KeyValue.OfFields(StatFiles.Nested(KeyFiles.Require(files, "io.stat", key)).Where(r => r.Head.Contains(':', StringComparison.Ordinal))
            .Select(r => new KeyValuePair<string, KeyValue>(r.Head, Record(
                ("rbytes", Parse(r.Fields, "rbytes")), ("wbytes", Parse(r.Fields, "wbytes")),
                ("rios", Parse(r.Fields, "rios")), ("wios", Parse(r.Fields, "wios"))))).ToArray());

    private static KeyValue Psi(IReadOnlyDictionary<string, string> files, string key, string file)
    {
        var rows = StatFiles.Nested(KeyFiles.Require(files, file, key, PsiMissing));
        return KeyValue.OfFields(rows.Where(r => r.Head is "some" or "full").Select(r =>
        {
            var fields = new List<KeyValuePair<string, KeyValue>>();
            foreach (string avg in PsiAverages)
            {
                fields.Add(new(avg, KeyValue.OfReal(r.Fields.TryGetValue(avg, out string? t) && StatFiles.TryReal(t, out double d)
                    ? d : throw KeyErrors.Unreadable(key, file, string.Join('\n', KeyFiles.Lines(files[file]))))));
            }

            fields.Add(new("total", KeyValue.Of(Parse(r.Fields, "total"))));
            return new KeyValuePair<string, KeyValue>(r.Head, KeyValue.OfFields(fields));
        }).ToArray());
    }

    /// <summary>v1 counts pages (hierarchical_* with descendants, like v2); v2 counts bytes per node.</summary>
    private static KeyValue NumaV1(IReadOnlyDictionary<string, string> files, string key)
    {
        var rows = StatFiles.NumaV1(KeyFiles.Require(files, "memory.numa_stat", key));
        const string Hierarchical = "hierarchical_";
        bool hasHierarchical = rows.Any(r => r.Head.StartsWith(Hierarchical, StringComparison.Ordinal));
        ulong page = (ulong)Environment.SystemPageSize;
        return KeyValue.OfFields(rows
            .Where(r => r.Head.StartsWith(Hierarchical, StringComparison.Ordinal) == hasHierarchical)
            .Select(r => new KeyValuePair<string, KeyValue>(hasHierarchical ? r.Head[Hierarchical.Length..] : r.Head,
                Nodes(r.Fields, page))).ToArray());
    }

    private static KeyValue NumaV2(IReadOnlyDictionary<string, string> files, string key) =>
        KeyValue.OfFields(StatFiles.Nested(KeyFiles.Require(files, "memory.numa_stat", key))
            .Select(r => new KeyValuePair<string, KeyValue>(r.Head, Nodes(r.Fields, 1))).ToArray());

    private static KeyValue Nodes(Dictionary<string, string> fields, ulong unit) =>
        KeyValue.OfFields(fields.Where(f => f.Key.StartsWith('N') && StatFiles.TryNumber(f.Value, out _))
            .Select(f => new KeyValuePair<string, KeyValue>(f.Key, KeyValue.Of(ulong.Parse(f.Value, System.Globalization.CultureInfo.InvariantCulture) * unit)))
            .ToArray());

    private static KeyValue Pick(IReadOnlyDictionary<string, string> files, string key, string file, string[] names)
    {
        var flat = StatFiles.Flat(KeyFiles.Require(files, file, key));
        return KeyValue.OfFields(names.Where(flat.ContainsKey).Select(n => new KeyValuePair<string, KeyValue>(n, KeyValue.Of(flat[n]))).ToArray());
    }

    private static KeyValue FlatField(IReadOnlyDictionary<string, string> files, string key, string file, string field) =>
        KeyValue.Of(Field(StatFiles.Flat(KeyFiles.Require(files, file, key)), key, file, field));

    private static KeyValue Number(IReadOnlyDictionary<string, string> files, string key, string file, string? whyMissing)
    {
        string text = KeyFiles.Require(files, file, key, whyMissing);
        return StatFiles.TryNumber(text.Trim(), out ulong n) ? KeyValue.Of(n) : throw KeyErrors.Unreadable(key, file, text);
    }

    private static ulong Require(IReadOnlyDictionary<string, string> files, string key, string file) => Number(files, key, file, null).Number;

    private static ulong? Optional(IReadOnlyDictionary<string, string> files, string file) =>
        KeyFiles.Get(files, file) is { } text && StatFiles.TryNumber(text.Trim(), out ulong n) ? n : null;

    private static ulong Field(Dictionary<string, ulong> stat, string key, string file, string field) =>
        stat.TryGetValue(field, out ulong n) ? n : throw KeyErrors.NotSupported(key, $"{file} has no {field} entry on this kernel");

    private static ulong Parse(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out string? t) && StatFiles.TryNumber(t, out ulong n) ? n : 0;

    private static KeyValue Record(params (string Name, ulong Value)[] fields) =>
        KeyValue.OfFields(fields.Select(f => new KeyValuePair<string, KeyValue>(f.Name, KeyValue.Of(f.Value))).ToArray());
}
