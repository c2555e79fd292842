using System.Globalization;

namespace CgManager.Core.Keys.Codecs;

/// <summary>Read-only figures (usage, peaks, counts): a plain number on both versions.</summary>
internal sealed class CounterCodec : ValueCodec
{
    public static CounterCodec Instance { get; } = new();

    public override string Encode(CgroupVersion version, KeyValue value, string key) =>
        throw KeyErrors.WrongUse(key, "the key is read-only");

    public override KeyValue Decode(CgroupVersion version, string text, string key, string file) =>
        ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n)
            ? KeyValue.Of(n)
            : throw KeyErrors.Unreadable(key, file, text);
}
