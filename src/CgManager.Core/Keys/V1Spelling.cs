using System.Diagnostics.CodeAnalysis;
using CgManager.Core.Keys.Conversions;
using CgManager.Core.Keys.Definitions;

namespace CgManager.Core.Keys;

/// <summary>
/// cgroup v1 file names on a cgroup v2 hierarchy, for the compat interface (docs/keys.md, "v1 names on v2"):
/// LXC 1.x/2.x and scripts written for cgm read and write <c>memory.limit_in_bytes</c>, <c>cpu.shares</c>,
/// <c>freezer.state</c>... which v2 does not have. Each such name goes through the version-neutral key that
/// covers it: a read converts the v2 files to the neutral value and spells it as the v1 file would read (bytes,
/// 9223372036854771712 for no limit, FROZEN/THAWED...); a write reads the text as the v1 file would take it and
/// writes the v2 file. Pure: the caller reads and writes the files.
/// </summary>
/// <remarks>
/// Names that v2 spells the same (<c>cpuset.cpus</c>, <c>cpuset.mems</c>, <c>pids.max</c>, <c>pids.current</c>)
/// are not here: they are the real files. Conversions between shares and weights are those of the neutral keys,
/// so a v1 value may come back rounded (cpu.shares 512 reads 500).
/// </remarks>
public sealed class V1Spelling
{
    /// <summary>What an unlimited v1 byte limit reads (PAGE_COUNTER_MAX × 4 KiB), as 0.42-era clients expect.</summary>
    public const string V1UnlimitedRead = "9223372036854771712";

    private const string HugetlbPrefix = "hugetlb.";
    private const string InBytes = "_in_bytes";

    /// <summary>v1 file → the neutral key that covers it, for the fixed names.</summary>
    private static readonly Dictionary<string, string> FixedSpellings = new(StringComparer.Ordinal)
    {
        [MemoryLimitKey.V1File] = "memory.limit",
        ["memory.soft_limit_in_bytes"] = "memory.soft_limit",
        [MemoryLimitKey.V1SwapFile] = "memory.swap.limit",
        ["memory.usage_in_bytes"] = "memory.usage",
        ["memory.max_usage_in_bytes"] = "memory.max_usage",
        [FailCountKey.V1File] = "memory.failcnt",
        ["cpu.shares"] = "cpu.weight",
        [CpuQuotaKey.V1QuotaFile] = "cpu.quota",
        [CpuQuotaKey.V1PeriodFile] = "cpu.quota",
        [IoWeightKey.V1File] = "io.weight",
        [FreezerKey.V1File] = "freezer.state",
    };

    private V1Spelling(string file, KeyDefinition definition, IReadOnlyList<KeyDefinition> context)
    {
        File = file;
        Definition = definition;
        Context = context;
    }

    /// <summary>The v1 file name the client used.</summary>
    public string File { get; }

    /// <summary>The neutral key that carries it.</summary>
    public KeyDefinition Definition { get; }

    /// <summary>Keys whose v1 files the conversion needs besides its own (memory.memsw needs the memory limit).</summary>
    private IReadOnlyList<KeyDefinition> Context { get; }

    /// <summary>True if the v1 file is the key's only writable face (read-only keys refuse writes).</summary>
    public bool IsWritable => Definition.Access != KeyAccess.ReadOnly;

    /// <summary>The translation for v1 file <paramref name="file"/>, if it has one.</summary>
    public static bool TryGet(string file, [NotNullWhen(true)] out V1Spelling? spelling)
    {
        ArgumentNullException.ThrowIfNull(file);
        spelling = null;
        string? neutral = FixedSpellings.GetValueOrDefault(file) ?? HugetlbKey(file);
        if (neutral is null || !NeutralKeys.TryGet(neutral, out KeyDefinition? definition))
        {
            return false;
        }

        KeyDefinition[] context = file == MemoryLimitKey.V1SwapFile ? [NeutralKeys.Resolve("memory.limit")] : [];
        spelling = new V1Spelling(file, definition, context);
        return true;
    }

    /// <summary>The v2 files a read needs (absent ones may be left out, as for <see cref="KeyDefinition.Read"/>).</summary>
    public IReadOnlyList<string> V2FilesToRead() =>
        Context.Append(Definition).SelectMany(d => d.FilesToRead(CgroupVersion.V2)).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The v2 files a write needs: those of a read (to know the other v1 files) and the key's own inputs.</summary>
    public IReadOnlyList<string> V2FilesToReadBeforeWrite() =>
        V2FilesToRead().Union(Definition.FilesToReadBeforeWrite(CgroupVersion.V2), StringComparer.Ordinal).ToArray();

    /// <summary>The v1 file's text as v1 would read it, from the v2 files.</summary>
    public string Read(IReadOnlyDictionary<string, string> v2Files)
    {
        ArgumentNullException.ThrowIfNull(v2Files);
        if (!IsWritable || File == Definition.Name)
        {
            // counters, and freezer.state: the neutral value is what the v1 file shows (FREEZING included)
            return Definition.Read(CgroupVersion.V2, v2Files).Text;
        }

        return ReadSpelling(File, V1View(v2Files)[File]);
    }

    /// <summary>
    /// The v2 writes for <paramref name="v1Text"/> written to the v1 file, given the v2 files
    /// (<see cref="V2FilesToReadBeforeWrite"/>).
    /// </summary>
    /// <exception cref="Errors.CgException">InvalidKey for a read-only file; InvalidArgument for a value v1 would refuse.</exception>
    public IReadOnlyList<FileWrite> Write(string v1Text, IReadOnlyDictionary<string, string> v2Files)
    {
        ArgumentNullException.ThrowIfNull(v1Text);
        ArgumentNullException.ThrowIfNull(v2Files);
        if (!IsWritable)
        {
            throw KeyErrors.WrongUse(File, "the file is read-only");
        }

        if (File == Definition.Name)
        {
            return Definition.Write(CgroupVersion.V2, KeyValue.Of(v1Text), v2Files); // freezer.state: the value is v1's
        }

        var view = V1View(v2Files);
        view[File] = WriteSpelling(File, v1Text);
        KeyValue neutral = Definition.Read(CgroupVersion.V1, view);
        return Definition.Write(CgroupVersion.V2, neutral, v2Files);
    }

    /// <summary>
    /// The v1 files of the context keys and of the key as v1 would hold them for the v2 state: each neutral value
    /// written the v1 way, over stand-ins for the v1 files a write looks for (which file a weight goes to, whether
    /// memory+swap is accounted).
    /// </summary>
    private Dictionary<string, string> V1View(IReadOnlyDictionary<string, string> v2Files)
    {
        var view = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Context.Append(Definition))
        {
            var current = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in key.FilesToReadBeforeWrite(CgroupVersion.V1))
            {
                current[file] = view.GetValueOrDefault(file) ?? ByteValues.V1Unlimited;
            }

            foreach (var write in key.Write(CgroupVersion.V1, key.Read(CgroupVersion.V2, v2Files), current))
            {
                view[write.File] = write.Text;
            }
        }

        return view;
    }

    /// <summary>v1 writes "-1" for no byte limit but reads the page counter's maximum.</summary>
    private static string ReadSpelling(string file, string written) =>
        file.EndsWith(InBytes, StringComparison.Ordinal) && written == ByteValues.V1Unlimited ? V1UnlimitedRead : written;

    /// <summary>v1 byte files take K, M, G suffixes and "-1" (memparse); the neutral reader wants plain bytes.</summary>
    private static string WriteSpelling(string file, string text)
    {
        if (!file.EndsWith(InBytes, StringComparison.Ordinal))
        {
            return text.Trim();
        }

        ulong? bytes = ByteValues.ParseRequest(KeyValue.Of(text), file);
        return ByteValues.Format(CgroupVersion.V1, bytes);
    }

    /// <summary>hugetlb.SIZE.limit_in_bytes → hugetlb.SIZE.limit, hugetlb.SIZE.usage_in_bytes → hugetlb.SIZE.usage.</summary>
    private static string? HugetlbKey(string file)
    {
        if (!file.StartsWith(HugetlbPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        return file.EndsWith(".limit_in_bytes", StringComparison.Ordinal) ? file[..^".limit_in_bytes".Length] + ".limit"
            : file.EndsWith(".usage_in_bytes", StringComparison.Ordinal) ? file[..^".usage_in_bytes".Length] + ".usage"
            : null;
    }
}
