using System.Text;

namespace CgManager.Linux.Proc;

/// <summary>
/// /proc/PID/mountinfo (see proc(5)): "id parent major:minor root mountpoint options
/// [optional fields...] - fstype source superoptions". Fields are separated by single
/// spaces; the kernel escapes space, tab, newline and backslash inside a field as
/// \040 \011 \012 \134, so splitting on ' ' is exact and an empty field (a mount whose
/// source is "") is legal.
/// </summary>
internal static class MountInfoParser
{
    private const string File = "/proc/PID/mountinfo";

    // id, parent, major:minor, root, mount point, mount options
    private const int LeadingFields = 6;

    // fstype, source, super options
    private const int TrailingFields = 3;

    private const int MaxEscapedChar = 0x7F;

    internal static IReadOnlyList<MountInfoEntry> ParseAll(string text)
    {
        string[] lines = ProcText.Lines(text);
        var result = new List<MountInfoEntry>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            result.Add(ParseLine(lines[i], i));
        }

        return result;
    }

    private static MountInfoEntry ParseLine(string line, int index)
    {
        string[] f = line.Split(' ');
        int separator = f.Length < LeadingFields + 1 + TrailingFields ? -1 : Array.IndexOf(f, "-", LeadingFields);
        if (separator < 0)
        {
            throw ProcText.Error(File, index, line, "expected at least 6 fields, a \"-\" separator and 3 fields after it");
        }

        if (f.Length - separator - 1 != TrailingFields)
        {
            throw ProcText.Error(File, index, line, $"expected {TrailingFields} fields after \" - \" (fstype source options), found {f.Length - separator - 1}");
        }

        if (!ProcText.TryParseInt32(f[0], out int mountId))
        {
            throw ProcText.Error(File, index, line, $"mount id \"{f[0]}\" is not a non-negative number");
        }

        if (!ProcText.TryParseInt32(f[1], out int parentId))
        {
            throw ProcText.Error(File, index, line, $"parent id \"{f[1]}\" is not a non-negative number");
        }

        int colon = f[2].IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !ProcText.TryParseUInt32(f[2].AsSpan(0, colon), out _) || !ProcText.TryParseUInt32(f[2].AsSpan(colon + 1), out _))
        {
            throw ProcText.Error(File, index, line, $"device \"{f[2]}\" is not \"major:minor\"");
        }

        string mountPoint = Unescape(f[4], "mount point", index, line);
        if (!mountPoint.StartsWith('/'))
        {
            throw ProcText.Error(File, index, line, "mount point does not start with '/'");
        }

        string[] optional = f[LeadingFields..separator];
        if (Array.IndexOf(optional, string.Empty) >= 0)
        {
            throw ProcText.Error(File, index, line, "empty optional field (double space)");
        }

        string fsType = Unescape(f[separator + 1], "fstype", index, line);
        if (fsType.Length == 0)
        {
            throw ProcText.Error(File, index, line, "empty fstype");
        }

        // Root is not required to start with '/': nsfs bind mounts show e.g. "net:[4026531840]".
        return new MountInfoEntry(
            mountId,
            parentId,
            f[2],
            Unescape(f[3], "root", index, line),
            mountPoint,
            f[5],
            optional,
            fsType,
            Unescape(f[separator + 2], "source", index, line),
            f[separator + 3]);
    }

    /// <summary>Decodes the kernel's \ooo escapes. A backslash not followed by three octal digits is malformed.</summary>
    internal static string Unescape(string field, string what, int index, string line)
    {
        int backslash = field.IndexOf('\\', StringComparison.Ordinal);
        if (backslash < 0)
        {
            return field;
        }

        var sb = new StringBuilder(field.Length);
        sb.Append(field, 0, backslash);
        for (int i = backslash; i < field.Length; i++)
        {
            char c = field[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (!IsOctal(field, i + 1) || !IsOctal(field, i + 2) || !IsOctal(field, i + 3))
            {
                throw ProcText.Error(File, index, line, $"bad escape in {what} at offset {i}: expected \\ and three octal digits");
            }

            int value = ((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0');
            // The kernel escapes only ASCII characters; a higher value would be one byte of a
            // multi-byte UTF-8 sequence, which cannot be turned into a char on its own.
            if (value > MaxEscapedChar)
            {
                throw ProcText.Error(File, index, line, $"bad escape in {what} at offset {i}: \\{field.AsSpan(i + 1, 3)} is not an ASCII character");
            }

            sb.Append((char)value);
            i += 3;
        }

        return sb.ToString();
    }

    private static bool IsOctal(string s, int i) => i < s.Length && s[i] is >= '0' and <= '7';
}
