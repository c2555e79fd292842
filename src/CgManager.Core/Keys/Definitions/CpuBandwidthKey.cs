using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// <c>cpus_number</c> (CPU bandwidth in CPUs: 1.5 is 150 ms per 100 ms period) and <c>cpus_fraction</c> (the same
/// as a percentage of the CPUs the cgroup may use), over the files of <c>cpu.quota</c>. The period in force is kept.
/// </summary>
/// <remarks>
/// "The CPUs the cgroup may use" is the effective cpuset when the cpuset files are in the cpu controller's
/// hierarchy (always on v2, where <c>cpuset.cpus.effective</c> exists in every cgroup with cpuset enabled); on a v1
/// host with cpuset mounted apart, and where the file is absent, it is every online CPU of the machine.
/// </remarks>
internal sealed class CpuBandwidthKey : KeyDefinition
{
    private readonly bool _fraction;

    public CpuBandwidthKey(string name, bool fraction)
        : base(name, KeyAccess.ReadWrite, "cpu", "cpu") => _fraction = fraction;

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) =>
        [.. Quota(version), .. _fraction ? new[] { CpusetFile(version) } : []];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) =>
        version == CgroupVersion.V1 ? [CpuQuotaKey.V1QuotaFile] : [CpuQuotaKey.V2File];

    private protected override IReadOnlyList<string> WriteInputFiles(CgroupVersion version) => ReadFiles(version);

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        var quota = Current(version, files);
        if (quota.QuotaUs is not { } q)
        {
            return KeyValue.Max;
        }

        double cpus = CpuBandwidth.CpusOf(q, quota.PeriodUs ?? CpuQuota.DefaultPeriodUs);
        return KeyValue.OfReal(_fraction ? Math.Round(cpus * 100 / Cpus(version, files), 2) : cpus);
    }

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current)
    {
        int cpus = Cpus(version, current);
        double? wanted = CpuBandwidth.ParseRequest(value, Name, _fraction ? 100 : cpus);
        ulong period = Current(version, current).PeriodUs ?? CpuQuota.DefaultPeriodUs;
        ulong? quota = wanted is { } w ? CpuBandwidth.QuotaFor(_fraction ? w * cpus / 100 : w, period) : null;
        var limit = new CpuQuota(quota, version == CgroupVersion.V2 ? period : null);
        return version == CgroupVersion.V1 ? [new FileWrite(CpuQuotaKey.V1QuotaFile, limit.ToV1Quota())] : [new FileWrite(CpuQuotaKey.V2File, limit.ToV2())];
    }

    private static string[] Quota(CgroupVersion version) =>
        version == CgroupVersion.V1 ? [CpuQuotaKey.V1QuotaFile, CpuQuotaKey.V1PeriodFile] : [CpuQuotaKey.V2File];

    private static string CpusetFile(CgroupVersion version) => version == CgroupVersion.V1 ? "cpuset.effective_cpus" : "cpuset.cpus.effective";

    private CpuQuota Current(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        if (version == CgroupVersion.V2)
        {
            string text = KeyFiles.Require(files, CpuQuotaKey.V2File, Name);
            return CpuQuota.ParseV2(text) ?? throw KeyErrors.Unreadable(Name, CpuQuotaKey.V2File, text);
        }

        string q = KeyFiles.Require(files, CpuQuotaKey.V1QuotaFile, Name);
        return CpuQuota.ParseV1(q, KeyFiles.Require(files, CpuQuotaKey.V1PeriodFile, Name)) ?? throw KeyErrors.Unreadable(Name, CpuQuotaKey.V1QuotaFile, q);
    }

    private static int Cpus(CgroupVersion version, IReadOnlyDictionary<string, string> files) =>
        KeyFiles.Get(files, CpusetFile(version)) is { } list && CpuBandwidth.Count(list) is > 0 and int n ? n : Environment.ProcessorCount;
}
