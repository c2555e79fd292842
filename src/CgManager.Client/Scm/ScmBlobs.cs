using System.Globalization;
using System.Text;

namespace CgManager.Client.Scm;

/// <summary>Decoders for the counted blobs of spec §4.6 (ListChildrenScm, ListKeysScm).</summary>
internal static class ScmBlobs
{
    /// <summary>N names, each followed by a NUL.</summary>
    public static IReadOnlyList<string> Children(byte[] blob, int count, string method)
    {
        var names = new List<string>(count);
        int start = 0;
        for (int i = 0; i < blob.Length; i++)
        {
            if (blob[i] == 0)
            {
                names.Add(Encoding.UTF8.GetString(blob, start, i - start));
                start = i + 1;
            }
        }

        if (start != blob.Length || names.Count != count)
        {
            throw Bad(method, $"{count} names announced, {names.Count} NUL-terminated names found in {blob.Length} bytes");
        }

        return names;
    }

    /// <summary>Per key four lines: name, uid, gid, perms; numbers in signed decimal (-1 = unmapped).</summary>
    public static IReadOnlyList<CgroupKey> Keys(byte[] blob, int count, string method)
    {
        string[] lines = Encoding.UTF8.GetString(blob).Split('\n');
        // the text ends with '\n', so Split leaves one empty string after the last line
        if (lines.Length != count * 4 + 1 || lines[^1].Length != 0)
        {
            throw Bad(method, $"{count} keys announced, {lines.Length - 1} lines found (4 per key expected)");
        }

        var keys = new List<CgroupKey>(count);
        for (int i = 0; i < count; i++)
        {
            keys.Add(new CgroupKey(lines[i * 4], Number(lines[i * 4 + 1], method), Number(lines[i * 4 + 2], method), Number(lines[i * 4 + 3], method)));
        }

        return keys;
    }

    private static uint Number(string text, string method) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? unchecked((uint)value)
            : throw Bad(method, $"'{text}' is not a signed decimal number");

    private static CgManagerException Bad(string method, string detail) =>
        new(CgManagerErrorNames.ScmProtocol, $"{method}: Scm side channel: {detail}", method);
}
