namespace CgManager.Linux.Tests.Kernel;

/// <summary>A fresh directory under the system temp folder (never under /sys/fs/cgroup), removed on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cgm-linux-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public SafeFd OpenPath() => Sys.Open(Path, OpenFlags.O_PATH | OpenFlags.O_DIRECTORY);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class FdAssert
{
    private const int O_CLOEXEC_octal_bit = 0x80000;

    /// <summary>Reads the fd's flags from /proc/self/fdinfo (octal) and checks O_CLOEXEC.</summary>
    public static void IsCloseOnExec(SafeFd fd)
    {
        string info = File.ReadAllText($"/proc/self/fdinfo/{fd.Fd}");
        string flagsLine = info.Split('\n').Single(l => l.StartsWith("flags:"));
        int flags = Convert.ToInt32(flagsLine["flags:".Length..].Trim(), 8);
        Assert.True((flags & O_CLOEXEC_octal_bit) != 0, $"fd {fd.Fd} lacks O_CLOEXEC: {flagsLine}");
    }

    public static LinuxException Fails(Errno expected, Action action)
    {
        LinuxException e = Assert.Throws<LinuxException>(action);
        Assert.True(e.Errno == expected, $"expected {expected}, got {e.Errno}: {e.Message}");
        return e;
    }
}

internal static class Octal
{
    /// <summary>Mode bits written as in C: Oct(755) is 0755. C# has no octal literals.</summary>
    public static uint Oct(int digits) => Convert.ToUInt32(digits.ToString(System.Globalization.CultureInfo.InvariantCulture), 8);
}
