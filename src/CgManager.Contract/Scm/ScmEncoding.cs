using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace CgManager.Contract.Scm;

/// <summary>
/// What goes over an Scm side channel (spec §4.4, §4.6), each item one datagram, integers native-endian:
/// the one encoder (the daemon) and the one decoder (clients) of every result. Decoders throw
/// <see cref="FormatException"/> with a precise detail for bytes that break the encoding.
/// </summary>
public static class ScmEncoding
{
    /// <summary>The daemon's "go on" byte before each credential it wants.</summary>
    public const byte Kick = (byte)'1';

    /// <summary>The one data byte sent with each credential (the reference sends 'p').</summary>
    public const byte CredentialByte = (byte)'p';

    /// <summary>A one-byte result: the request failed.</summary>
    public const byte Failed = (byte)'0';

    /// <summary>A one-byte result: done (Create: made; Remove: there was nothing to remove).</summary>
    public const byte Done = (byte)'1';

    /// <summary>A one-byte result: Create found it already there; Remove removed it.</summary>
    public const byte Existed = (byte)'2';

    /// <summary>The length a counted blob may announce (ListChildren, ListKeys).</summary>
    public const int MaxBlobLength = 64 * 1024 * 1024;

    /// <summary>A native-endian int32, as counts and lengths go (-1 as a count is failure).</summary>
    /// <param name="value">The number.</param>
    /// <returns>Its four bytes.</returns>
    public static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        }

        return bytes;
    }

    /// <summary>Reads a count or length datagram.</summary>
    /// <param name="datagram">The datagram.</param>
    /// <param name="what">What it is, for the message.</param>
    /// <returns>The number.</returns>
    public static int ReadInt32(ReadOnlySpan<byte> datagram, string what)
    {
        if (datagram.Length != 4)
        {
            throw new FormatException($"expected {what} as a 4-byte integer, got {datagram.Length} bytes");
        }

        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReadInt32LittleEndian(datagram) : BinaryPrimitives.ReadInt32BigEndian(datagram);
    }

    /// <summary>A string result: its UTF-8 bytes and one NUL (an empty datagram is failure).</summary>
    /// <param name="value">The string.</param>
    /// <returns>The datagram.</returns>
    public static byte[] String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    /// <summary>Reads a string result that is not the empty (failure) datagram.</summary>
    /// <param name="datagram">The datagram, at least one byte.</param>
    /// <returns>The string.</returns>
    public static string ReadString(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram[^1] != 0)
        {
            throw new FormatException(datagram.IsEmpty ? "an empty string result"
                : $"a string result must end in NUL ({datagram.Length} bytes, last 0x{datagram[^1]:x2})");
        }

        return Encoding.UTF8.GetString(datagram[..^1]);
    }

    /// <summary>ListChildren's blob: each name followed by a NUL.</summary>
    /// <param name="names">The child names.</param>
    /// <returns>The blob.</returns>
    public static byte[] Children(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var text = new StringBuilder();
        foreach (var name in names)
        {
            text.Append(name).Append('\0');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads ListChildren's blob of <paramref name="count"/> NUL-terminated names.</summary>
    /// <param name="blob">The blob.</param>
    /// <param name="count">The count announced before it.</param>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> ReadChildren(ReadOnlySpan<byte> blob, int count)
    {
        var names = new List<string>(Math.Min(count, 4096));
        int start = 0;
        for (int i = 0; i < blob.Length; i++)
        {
            if (blob[i] == 0)
            {
                names.Add(Encoding.UTF8.GetString(blob[start..i]));
                start = i + 1;
            }
        }

        if (start != blob.Length || names.Count != count)
        {
            throw new FormatException($"{count} names announced, {names.Count} NUL-terminated names found in {blob.Length} bytes");
        }

        return names;
    }

    /// <summary>ListKeys' blob: per key four lines (name, uid, gid, mode), numbers as signed decimal (an unmapped id is -1).</summary>
    /// <param name="keys">The keys.</param>
    /// <returns>The blob.</returns>
    public static byte[] Keys(IEnumerable<ScmKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var text = new StringBuilder();
        foreach (var key in keys)
        {
            text.Append(key.Name).Append('\n')
                .Append(unchecked((int)key.Uid).ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append(unchecked((int)key.Gid).ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append(unchecked((int)key.Mode).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads ListKeys' blob of <paramref name="count"/> keys.</summary>
    /// <param name="blob">The blob.</param>
    /// <param name="count">The count announced before it.</param>
    /// <returns>The keys.</returns>
    public static IReadOnlyList<ScmKey> ReadKeys(ReadOnlySpan<byte> blob, int count)
    {
        string[] lines = Encoding.UTF8.GetString(blob).Split('\n');
        // the text ends with '\n', so Split leaves one empty string after the last line
        if (count < 0 || lines.Length != (count * 4) + 1 || lines[^1].Length != 0)
        {
            throw new FormatException($"{count} keys announced, {lines.Length - 1} lines found (4 per key expected)");
        }

        var keys = new List<ScmKey>(count);
        for (int i = 0; i < count; i++)
        {
            keys.Add(new ScmKey(lines[i * 4], Number(lines[(i * 4) + 1]), Number(lines[(i * 4) + 2]), Number(lines[(i * 4) + 3])));
        }

        return keys;
    }

    private static uint Number(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? unchecked((uint)value)
            : throw new FormatException($"'{text}' is not a signed decimal number");
}
