using System.Buffers.Binary;
using System.Text;

namespace CgManager.DBus.Tests.Support;

/// <summary>
/// Writes D-Bus bytes in either byte order with no checks at all, to build valid big-endian
/// messages and deliberately broken ones independently of the codec under test.
/// </summary>
public sealed class RawWriter(bool bigEndian)
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public byte[] ToArray() => [.. _bytes];

    public RawWriter Pad(int alignment, byte fill = 0)
    {
        while (_bytes.Count % alignment != 0)
        {
            _bytes.Add(fill);
        }

        return this;
    }

    public RawWriter Bytes(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public RawWriter Y(byte value) => Bytes(value);

    public RawWriter U16(ushort value)
    {
        Pad(2);
        byte[] b = new byte[2];
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, value); else BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        return Bytes(b);
    }

    public RawWriter U32(uint value)
    {
        Pad(4);
        byte[] b = new byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, value); else BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return Bytes(b);
    }

    public RawWriter I32(int value) => U32((uint)value);

    public RawWriter U64(ulong value)
    {
        Pad(8);
        byte[] b = new byte[8];
        if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, value); else BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        return Bytes(b);
    }

    public RawWriter D(double value) => U64(BitConverter.DoubleToUInt64Bits(value));

    /// <summary>A string, object path or any raw bytes framed like one (length, bytes, NUL).</summary>
    public RawWriter S(string value) => SBytes(Encoding.UTF8.GetBytes(value));

    public RawWriter SBytes(byte[] content, bool terminate = true)
    {
        U32((uint)content.Length);
        Bytes(content);
        return terminate ? Y(0) : this;
    }

    public RawWriter G(string signature) => Y((byte)signature.Length).Bytes(Encoding.ASCII.GetBytes(signature)).Y(0);

    /// <summary>Writes a placeholder array length; <see cref="EndArray"/> fills it in.</summary>
    public int BeginArray(int elementAlignment)
    {
        U32(0);
        int lengthAt = _bytes.Count - 4;
        Pad(elementAlignment);
        return lengthAt | (_bytes.Count - lengthAt - 4 == 4 ? 1 : 0);
    }

    public RawWriter EndArray(int token)
    {
        int lengthAt = token & ~1;
        int start = lengthAt + 4 + ((token & 1) * 4);
        PatchU32(lengthAt, (uint)(_bytes.Count - start));
        return this;
    }

    public RawWriter PatchU32(int offset, uint value)
    {
        byte[] b = new byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, value); else BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        for (int i = 0; i < 4; i++)
        {
            _bytes[offset + i] = b[i];
        }

        return this;
    }
}

/// <summary>One header field for <see cref="RawMessage"/>: code, variant signature, and a writer for the value.</summary>
public sealed record RawField(byte Code, string VariantSignature, Action<RawWriter> WriteValue)
{
    public static RawField Path(string path) => new(1, "o", w => w.S(path));
    public static RawField Interface(string name) => new(2, "s", w => w.S(name));
    public static RawField Member(string name) => new(3, "s", w => w.S(name));
    public static RawField ErrorName(string name) => new(4, "s", w => w.S(name));
    public static RawField ReplySerial(uint serial) => new(5, "u", w => w.U32(serial));
    public static RawField Destination(string name) => new(6, "s", w => w.S(name));
    public static RawField Sender(string name) => new(7, "s", w => w.S(name));
    public static RawField BodySignature(string signature) => new(8, "g", w => w.G(signature));
    public static RawField UnixFds(uint count) => new(9, "u", w => w.U32(count));
}

/// <summary>Builds whole messages byte by byte; every part can be set to a wrong value on purpose.</summary>
internal static class RawMessage
{
    public static readonly RawField[] CallFields =
    [
        RawField.Path("/org/linuxcontainers/cgmanager"),
        RawField.Interface("org.linuxcontainers.cgmanager0_0"),
        RawField.Member("Ping"),
    ];

    public static byte[] Build(
        IEnumerable<RawField> fields,
        Action<RawWriter>? body = null,
        bool bigEndian = false,
        byte type = 1,
        byte flags = 0,
        byte version = 1,
        uint serial = 1,
        uint? bodyLengthOverride = null)
    {
        var bodyWriter = new RawWriter(bigEndian);
        body?.Invoke(bodyWriter);
        byte[] bodyBytes = bodyWriter.ToArray();

        var w = new RawWriter(bigEndian);
        w.Y(bigEndian ? (byte)'B' : (byte)'l').Y(type).Y(flags).Y(version);
        w.U32(bodyLengthOverride ?? (uint)bodyBytes.Length).U32(serial);
        int array = w.BeginArray(8);
        foreach (RawField field in fields)
        {
            w.Pad(8).Y(field.Code).G(field.VariantSignature);
            field.WriteValue(w);
        }

        w.EndArray(array).Pad(8);
        return [.. w.ToArray(), .. bodyBytes];
    }

    /// <summary>A method call with the given body signature and body bytes.</summary>
    public static byte[] Call(string signature, Action<RawWriter> body, bool bigEndian = false, params RawField[] extra) =>
        Build([.. CallFields, RawField.BodySignature(signature), .. extra], body, bigEndian);
}
