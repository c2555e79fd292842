namespace CgManager.Client.Tests.Infrastructure;

/// <summary>Where the repository, the binaries under test and the test harness are.</summary>
public static class TestPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The daemon: $CGMANAGER_BIN, or artifacts/bin/cgmanager as scripts/build.sh publishes it.</summary>
    public static string Daemon => FromEnvironment("CGMANAGER_BIN", Path.Combine(Root, "artifacts", "bin", "cgmanager"));

    /// <summary>The client: $CGM_BIN, or the NativeAOT artifacts/bin/cgm.</summary>
    public static string Cgm => FromEnvironment("CGM_BIN", Path.Combine(Root, "artifacts", "bin", "cgm"));

    /// <summary>The library driver, built beside this assembly in the same configuration.</summary>
    public static string Driver
    {
        get
        {
            string here = AppContext.BaseDirectory.TrimEnd('/');
            string driver = here.Replace("/CgManager.Client.Tests/", "/CgManager.Client.Driver/", StringComparison.Ordinal);
            return Path.Combine(driver, "CgManager.Client.Driver");
        }
    }

    public static string Cgsandbox => Path.Combine(Root, "tests", "harness", "cgsandbox");

    private static string FromEnvironment(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } path ? path : fallback;

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
