using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Keys.Codecs;

/// <summary>Byte limits: a number or no limit, "-1" on v1 and "max" on v2; huge v1 values read as no limit.</summary>
internal sealed class BytesCodec : ValueCodec
{
    public static BytesCodec Instance { get; } = new();

    public override string Encode(CgroupVersion version, KeyValue value, string key) =>
        ByteValues.Format(version, ByteValues.ParseRequest(value, key));

    public override KeyValue Decode(CgroupVersion version, string text, string key, string file) =>
        ByteValues.ToValue(ByteValues.ParseFile(version, text, key, file));
}
