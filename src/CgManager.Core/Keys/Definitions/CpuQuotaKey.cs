using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// <c>cpu.quota</c>: CFS bandwidth, "QUOTA PERIOD" in µs. v2 <c>cpu.max</c>; v1 <c>cpu.cfs_quota_us</c> and
/// <c>cpu.cfs_period_us</c> (Documentation/scheduler/sched-bwc.rst).
/// </summary>
/// <remarks>
/// v1 writes the period before the quota, as runc does: the kernel checks the quota against the period in force,
/// and a new quota is meant for the new period. Restoring goes the other way round (quota, then period).
/// </remarks>
internal sealed class CpuQuotaKey : KeyDefinition
{
    public const string V1QuotaFile = "cpu.cfs_quota_us";
    public const string V1PeriodFile = "cpu.cfs_period_us";
    public const string V2File = "cpu.max";

    public CpuQuotaKey()
        : base("cpu.quota", KeyAccess.ReadWrite, "cpu", "cpu")
    {
    }

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) =>
        version == CgroupVersion.V1 ? [V1QuotaFile, V1PeriodFile] : [V2File];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) => ReadFiles(version);

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        CpuQuota? quota;
        if (version == CgroupVersion.V1)
        {
            string q = KeyFiles.Require(files, V1QuotaFile, Name);
            quota = CpuQuota.ParseV1(q, KeyFiles.Require(files, V1PeriodFile, Name)) ?? throw KeyErrors.Unreadable(Name, V1QuotaFile, q);
        }
        else
        {
            string text = KeyFiles.Require(files, V2File, Name);
            quota = CpuQuota.ParseV2(text) ?? throw KeyErrors.Unreadable(Name, V2File, text);
        }

        return KeyValue.Verbatim(quota.Value.ToString());
    }

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current)
    {
        var quota = CpuQuota.ParseRequest(value, Name);
        if (version == CgroupVersion.V2)
        {
            return [new FileWrite(V2File, quota.ToV2())];
        }

        var quotaWrite = new FileWrite(V1QuotaFile, quota.ToV1Quota());
        return quota.PeriodUs is { } period
            ? [new FileWrite(V1PeriodFile, period.ToString(System.Globalization.CultureInfo.InvariantCulture)), quotaWrite]
            : [quotaWrite];
    }
}
