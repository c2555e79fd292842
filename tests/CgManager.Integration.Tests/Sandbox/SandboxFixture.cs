namespace CgManager.Integration.Tests.Sandbox;

/// <summary>One sandbox and daemon shared by the tests of a class; each test works in its own child cgroups.</summary>
public class SandboxFixture : IDisposable
{
    public SandboxFixture()
        : this([])
    {
    }

    protected SandboxFixture(IEnumerable<string> daemonArgs) => Sandbox = new CgroupSandbox(daemonArgs);

    public CgroupSandbox Sandbox { get; }

    public void Dispose()
    {
        Sandbox.Dispose();
        GC.SuppressFinalize(this);
    }
}
