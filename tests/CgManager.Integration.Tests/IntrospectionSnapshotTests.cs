using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests;

/// <summary>The introspection XML in docs/ is what the daemon serves: the documented interface cannot drift.</summary>
public sealed class IntrospectionSnapshotTests : IClassFixture<DaemonFixture>
{
    private readonly RunningDaemon _daemon;

    public IntrospectionSnapshotTests(DaemonFixture fixture) => _daemon = fixture.Daemon;

    [Theory]
    [InlineData("org.linuxcontainers.cgmanager.Manager1")]
    [InlineData("org.linuxcontainers.cgmanager0_0")]
    public void The_served_introspection_matches_docs(string name)
    {
        string served = Tool.Ok("gdbus", "introspect", "--address", _daemon.Address, "--dest", "org.linuxcontainers.cgmanager",
            "--object-path", "/org/linuxcontainers/cgmanager", "--xml");
        string documented = File.ReadAllText(Path.Combine(Repo.Root, "docs", name + ".xml"));
        Assert.Equal(Block(documented, name), Block(served, name));
    }

    private static string Block(string xml, string name)
    {
        int start = xml.IndexOf($"<interface name=\"{name}\">", StringComparison.Ordinal);
        int end = start < 0 ? -1 : xml.IndexOf("</interface>", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"no {name} interface in:\n" + xml);
        return xml[start..end].Replace("\r", "", StringComparison.Ordinal);
    }
}
