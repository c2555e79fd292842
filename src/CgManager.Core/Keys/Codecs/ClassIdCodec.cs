using System.Globalization;
using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Keys.Codecs;

/// <summary><c>net_cls.classid</c>: written in decimal whatever form the client used, read as a number.</summary>
internal sealed class ClassIdCodec : ValueCodec
{
    public static ClassIdCodec Instance { get; } = new();

    public override string Encode(CgroupVersion version, KeyValue value, string key) =>
        (ClassIds.Parse(value) ?? throw KeyErrors.BadValue(key, value, "is not a 32-bit class id (a number, 0xAAAABBBB or tc's AAAA:BBBB)"))
            .ToString(CultureInfo.InvariantCulture);

    public override KeyValue Decode(CgroupVersion version, string text, string key, string file) =>
        CounterCodec.Instance.Decode(version, text, key, file);
}
