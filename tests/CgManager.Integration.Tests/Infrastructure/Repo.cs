namespace CgManager.Integration.Tests.Infrastructure;

/// <summary>Where the repository and the published NativeAOT binaries are.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The NativeAOT daemon: $CGMANAGER_BIN, or artifacts/bin/cgmanager as scripts/build.sh publishes it.</summary>
    public static string DaemonBinary =>
        Environment.GetEnvironmentVariable("CGMANAGER_BIN") is { Length: > 0 } path ? path : Path.Combine(Root, "artifacts", "bin", "cgmanager");

    /// <summary>The project's own cgroup sandbox tool (tests/harness/README.md).</summary>
    public static string Cgsandbox => Path.Combine(Root, "tests", "harness", "cgsandbox");

    /// <summary>The pure cgroup-v2 VM runner (tests/v2vm/README.md).</summary>
    public static string V2VmRunner => Path.Combine(Root, "tests", "v2vm", "run.sh");

    /// <summary>Prometheus' promtool: on PATH, or taken out of Debian's package by scripts/install-deps.sh.</summary>
    public static string Promtool =>
        File.Exists(Path.Combine(Root, "artifacts", "tools", "promtool")) ? Path.Combine(Root, "artifacts", "tools", "promtool") : "promtool";

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "cgmanager.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (cgmanager.slnx)");
    }
}
