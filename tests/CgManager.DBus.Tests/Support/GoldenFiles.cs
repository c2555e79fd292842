using System.Runtime.CompilerServices;

namespace CgManager.DBus.Tests.Support;

/// <summary>
/// The hex files captured from real clients by golden/capture.py. They are read from the source
/// tree (found from this file's path, or by walking up from the test binary) so the test project
/// needs no copy-to-output settings.
/// </summary>
internal static class GoldenFiles
{
    private static readonly Lazy<string> LazyFolder = new(() => Locate());

    public static string Folder => LazyFolder.Value;

    public static IEnumerable<string> Names =>
        Directory.EnumerateFiles(Folder, "*.hex").Select(Path.GetFileNameWithoutExtension).Order()!;

    public static byte[] Load(string name) => Hex.Parse(File.ReadAllText(Path.Combine(Folder, name + ".hex")));

    public static Message Parse(string name) => Message.Parse(Load(name), []);

    private static string Locate([CallerFilePath] string thisFile = "")
    {
        string fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile) ?? ".", "..", "golden"));
        if (Directory.Exists(fromSource))
        {
            return fromSource;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "CgManager.DBus.Tests", "golden");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("golden folder of CgManager.DBus.Tests not found");
    }
}

/// <summary>Hex text with '#' comment lines and any whitespace between bytes.</summary>
internal static class Hex
{
    public static byte[] Parse(string text)
    {
        var digits = new System.Text.StringBuilder();
        foreach (string line in text.Split('\n'))
        {
            string content = line.Split('#')[0];
            foreach (char c in content)
            {
                if (!char.IsWhiteSpace(c))
                {
                    digits.Append(c);
                }
            }
        }

        return Convert.FromHexString(digits.ToString());
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
