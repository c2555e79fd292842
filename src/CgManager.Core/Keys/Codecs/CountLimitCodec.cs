using System.Globalization;

namespace CgManager.Core.Keys.Codecs;

/// <summary>Count limits spelt the same on both versions: a number or "max" (<c>pids.max</c>).</summary>
internal sealed class CountLimitCodec : ValueCodec
{
    public static CountLimitCodec Instance { get; } = new();

    public override string Encode(CgroupVersion version, KeyValue value, string key) => value.Kind switch
    {
        KeyValueKind.Max => KeyValue.MaxText,
        KeyValueKind.Number => value.Number.ToString(CultureInfo.InvariantCulture),
        _ => throw KeyErrors.BadValue(key, value, "is not a number or max"),
    };

    public override KeyValue Decode(CgroupVersion version, string text, string key, string file)
    {
        var value = KeyValue.Of(text.Trim());
        return value.Kind == KeyValueKind.Text ? throw KeyErrors.Unreadable(key, file, text) : value;
    }
}
