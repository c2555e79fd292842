using System.Text;
using CgManager.Core.Errors;
using CgManager.Core.Keys;

namespace CgManager.Fuzz.Harnesses;

/// <summary>
/// Key translation: kernel file text going in (GetValue, and the reads SetValue does first) and a
/// client's value going out. Both are outside our control: a container's root can write a cgroup
/// file, a client any value.
/// </summary>
internal static class KeyHarnesses
{
    // Every neutral key, the two hugetlb forms and a raw kernel file name.
    internal static readonly KeyDefinition[] Keys =
    [
        .. NeutralKeys.All,
        NeutralKeys.Hugetlb("2MB", isLimit: true),
        NeutralKeys.Hugetlb("2MB", isLimit: false),
        NeutralKeys.Resolve("memory.high"),
    ];

    public static IEnumerable<Harness> All =>
    [
        new("keys",
            "for every key and version, Read of any file texts and Write/Restore of any value end in a result or a CgException; " +
            "Write and Restore only name files the key says it writes",
            Translate, typeof(CgException)),
    ];

    // [key index][flags: bit 0 v2, bit 1 numeric value][value NUL file1 NUL file2 ...]
    private static void Translate(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            return;
        }

        KeyDefinition key = Keys[input[0] % Keys.Length];
        CgroupVersion version = (input[1] & 1) != 0 ? CgroupVersion.V2 : CgroupVersion.V1;
        if (!key.IsSupportedOn(version))
        {
            return;
        }

        string[] pieces = Encoding.UTF8.GetString(input[2..]).Split('\0');
        KeyValue value = (input[1] & 2) != 0 && ulong.TryParse(pieces[0], out ulong n) ? KeyValue.Of(n) : KeyValue.Of(pieces[0]);
        CgException? readError = null;
        if (key.Access != KeyAccess.WriteOnly)
        {
            try
            {
                _ = key.Read(version, Files(key.FilesToRead(version), pieces));
            }
            catch (CgException e)
            {
                readError = e;
            }
        }

        if (key.Access == KeyAccess.ReadOnly)
        {
            if (readError is not null)
            {
                throw readError;
            }

            return;
        }

        IReadOnlyList<string> written = key.FilesWritten(version);
        Dictionary<string, string> before = Files(key.FilesToReadBeforeWrite(version), pieces);
        IReadOnlyList<FileWrite> writes = key.Write(version, value, before);
        foreach (FileWrite write in writes)
        {
            FuzzAssertionException.Check(written.Contains(write.File), $"{key} writes {write.File}, which FilesWritten does not name");
        }

        // Restoring after each possible failing write, as the service does.
        for (int failed = 1; failed <= writes.Count; failed++)
        {
            foreach (FileWrite write in key.Restore(version, before, [.. writes.Take(failed)]))
            {
                FuzzAssertionException.Check(written.Contains(write.File), $"{key} restores {write.File}, which FilesWritten does not name");
            }
        }
    }

    // The files in order take the pieces after the value; a missing piece is a file that does not exist.
    private static Dictionary<string, string> Files(IReadOnlyList<string> names, string[] pieces)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count && i + 1 < pieces.Length; i++)
        {
            files[names[i]] = pieces[i + 1];
        }

        return files;
    }
}
