namespace CgManager.Bench;

/// <summary>Where the repository, the sandbox tool, the daemon and this program are.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>$CGSANDBOX, or the project's own tests/harness/cgsandbox.</summary>
    public static string SandboxTool =>
        Environment.GetEnvironmentVariable("CGSANDBOX") is { Length: > 0 } tool
            ? tool
            : Path.Combine(Root, "tests", "harness", "cgsandbox");

    /// <summary>$CGMANAGER_BIN, or artifacts/bin/cgmanager as scripts/build.sh publishes it.</summary>
    public static string DaemonBinary =>
        Environment.GetEnvironmentVariable("CGMANAGER_BIN") is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(Root, "artifacts", "bin", "cgmanager");

    /// <summary>The command that starts this program again: the NativeAOT binary, or dotnet and our dll.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        string process = Environment.ProcessPath ?? throw new BenchException("cannot tell this program's own path");
        if (Path.GetFileName(process) == "dotnet")
        {
            return [process, Path.Combine(AppContext.BaseDirectory, "cgmanager-bench.dll")];
        }

        return [process];
    }

    private static string FindRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "cgmanager.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new BenchException("cannot find the repository root (cgmanager.slnx) above the program or the current folder");
    }
}
