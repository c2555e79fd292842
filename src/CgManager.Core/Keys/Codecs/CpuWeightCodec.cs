using System.Globalization;
using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Keys.Codecs;

/// <summary><c>cpu.weight</c> on v2 as it is; <c>cpu.shares</c> on v1 through <see cref="CpuWeights"/>.</summary>
internal sealed class CpuWeightCodec : ValueCodec
{
    public static CpuWeightCodec Instance { get; } = new();

    public override string Encode(CgroupVersion version, KeyValue value, string key)
    {
        if (!value.IsNumber || value.Number is < CpuWeights.WeightMin or > CpuWeights.WeightMax)
        {
            throw KeyErrors.BadValue(key, value, $"is not a weight between {CpuWeights.WeightMin} and {CpuWeights.WeightMax}");
        }

        ulong written = version == CgroupVersion.V1 ? CpuWeights.WeightToShares(value.Number) : value.Number;
        return written.ToString(CultureInfo.InvariantCulture);
    }

    public override KeyValue Decode(CgroupVersion version, string text, string key, string file)
    {
        if (!ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
        {
            throw KeyErrors.Unreadable(key, file, text);
        }

        return KeyValue.Of(version == CgroupVersion.V1 ? CpuWeights.SharesToWeight(n) : n);
    }
}
