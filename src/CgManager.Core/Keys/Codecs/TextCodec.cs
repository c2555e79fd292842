namespace CgManager.Core.Keys.Codecs;

/// <summary>Files whose text is the value (<c>devices.list</c>): read as it is.</summary>
internal sealed class TextCodec : ValueCodec
{
    public static TextCodec Instance { get; } = new();

    public override string Encode(CgroupVersion version, KeyValue value, string key) => value.Text;

    public override KeyValue Decode(CgroupVersion version, string text, string key, string file) => KeyValue.Verbatim(text);
}
