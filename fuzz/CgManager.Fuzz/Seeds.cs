using System.Text;
using CgManager.Core.Keys;
using CgManager.Fuzz.Harnesses;

namespace CgManager.Fuzz;

/// <summary>
/// Writes the keys harness's seeds from this machine's real cgroup files (read only): for each key
/// and version, the files it reads from the cgroup this process is in, in the harness's input layout.
/// </summary>
internal static class Seeds
{
    private const string CgroupRoot = "/sys/fs/cgroup";
    private const int MaxFileBytes = 512;

    public static int WriteKeySeeds(string folder)
    {
        Directory.CreateDirectory(folder);
        var own = File.ReadAllLines("/proc/self/cgroup")
            .Select(l => l.Split(':', 3))
            .Where(p => p.Length == 3)
            .ToArray();
        int written = 0;
        for (int i = 0; i < KeyHarnesses.Keys.Length && i < 256; i++)
        {
            KeyDefinition key = KeyHarnesses.Keys[i];
            foreach (CgroupVersion version in (CgroupVersion[])[CgroupVersion.V1, CgroupVersion.V2])
            {
                if (!key.IsSupportedOn(version))
                {
                    continue;
                }

                string? dir = CgroupDirectory(own, key, version);
                IReadOnlyList<string> names = key.Access == KeyAccess.ReadOnly ? key.FilesToRead(version) : key.FilesToReadBeforeWrite(version);
                var texts = names.Select(n => dir is null ? null : TryRead(Path.Combine(dir, n)))
                    .TakeWhile(t => t is not null)
                    .ToList();
                string value = texts.Count > 0 ? texts[0]!.Split('\n')[0].Trim() : "max";
                byte flags = (byte)(version == CgroupVersion.V2 ? 1 : 0);
                byte[] body = Encoding.UTF8.GetBytes(string.Join('\0', [value, .. texts]));
                File.WriteAllBytes(Path.Combine(folder, $"{Safe(key.Name)}-{version}".ToLowerInvariant()), [(byte)i, flags, .. body]);
                written++;
            }
        }

        Console.WriteLine($"{written} seeds in {folder}");
        return 0;
    }

    private static string? CgroupDirectory(string[][] own, KeyDefinition key, CgroupVersion version)
    {
        string? controller = key.IsRaw ? "memory" : key.ControllerOn(version);
        string[]? line = version == CgroupVersion.V2
            ? own.FirstOrDefault(p => p[0] == "0")
            : own.FirstOrDefault(p => p[1].Split(',').Contains(controller));
        if (line is null)
        {
            return null;
        }

        string mount = version == CgroupVersion.V2 ? Path.Combine(CgroupRoot, "unified") : Path.Combine(CgroupRoot, controller!);
        return mount + line[2].TrimEnd('/');
    }

    // Write-only files (devices.allow) cannot be read: they count as empty.
    private static string? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return Truncate(File.ReadAllText(path));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string Truncate(string text) => text.Length <= MaxFileBytes ? text : text[..MaxFileBytes];

    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '-').ToArray());
}
