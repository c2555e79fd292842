using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests;

/// <summary>The introspection XML in docs/ is what the daemon serves: the documented interface cannot drift.</summary>
public sealed class IntrospectionSnapshotTests : IClassFixture<DaemonFixture>
{
    private readonly RunningDaemon _daemon;

    public IntrospectionSnapshotTests(DaemonFixture fixture) => _daemon = fixture.Daemon;

    [Fact]
    public void Manager1_introspection_matches_docs()
    {
        string served = Tool.Ok("gdbus", "introspect", "--address", _daemon.Address, "--dest", "org.linuxcontainers.cgmanager",
            "--object-path", "/org/linuxcontainers/cgmanager", "--xml");
        string documented = File.ReadAllText(Path.Combine(Repo.Root, "docs", "org.linuxcontainers.cgmanager.Manager1.xml"));
        Assert.Equal(Block(documented), Block(served));
    }

    private static string Block(string xml)
    {
        int start = xml.IndexOf("<interface name=\"org.linuxcontainers.cgmanager.Manager1\">", StringComparison.Ordinal);
        int end = xml.IndexOf("</interface>", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "no Manager1 interface in:\n" + xml);
        return xml[start..end].Replace("\r", "", StringComparison.Ordinal);
    }
}
