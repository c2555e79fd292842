using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Keys.Codecs;

/// <summary>CPU and memory-node lists ("0-3,8"), the same on both versions.</summary>
internal sealed class CpuListCodec : ValueCodec
{
    public static CpuListCodec Instance { get; } = new();

    public override string Encode(CgroupVersion version, KeyValue value, string key) =>
        (value.IsMax ? null : CpuLists.Normalize(value.Text))
        ?? throw KeyErrors.BadValue(key, value, "is not a list such as 0-3,8");

    public override KeyValue Decode(CgroupVersion version, string text, string key, string file) =>
        KeyValue.Verbatim(text.Trim());
}
