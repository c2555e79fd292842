using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Nesting;

/// <summary>
/// GetPidCgroupAbs through cgproxy answers relative to the proxy's cgroup (spec §3.4: r plays no part), as 0.42's
/// tests/test22.sh expects with its cgproxy layout: host root, in the host's namespaces, asks a proxy sitting in
/// /c1 about a task in /c1/x and gets /x (it used to get /c1/x, measured from the daemon's root).
/// </summary>
public sealed class ProxyBaseTests : IDisposable
{
    private const string Iface = "org.linuxcontainers.cgmanager0_0";
    private readonly CgroupSandbox _sb = new();
    private readonly string _container = Directory.CreateTempSubdirectory("cgm-pb-").FullName;
    private readonly SandboxTask _proxy;

    public ProxyBaseTests()
    {
        // The host daemon's folder as the proxy's ".lower" (a proxy started where the lower socket answers uses it).
        File.SetUnixFileMode(_container, (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(_container, "cgmanager.lower"), Path.GetDirectoryName(_sb.Daemon.SocketPath)!);
        _sb.Create("memory", "c1");
        _sb.Create("memory", "c1/x");
        _proxy = _sb.StartTask(Identity.Root, "c1", [Repo.DaemonBinary, "--proxy", "--socket", ProxySocket, "--debug"]);
        Assert.True(CgroupSandbox.Eventually(() => File.Exists(ProxySocket), TimeSpan.FromSeconds(30)), "the proxy did not listen");
    }

    private string ProxySocket => Path.Combine(_container, "cgmanager", "sock");

    private string Via(string method, string signature, params string[] args) =>
        _sb.Run(Identity.Root, ["busctl", $"--address=unix:path={ProxySocket}", "call", "org.linuxcontainers.cgmanager",
            "/org/linuxcontainers/cgmanager", Iface, method, signature, .. args], inCgroup: "c1").Stdout.Trim();

    [Fact]
    public void GetPidCgroupAbs_through_a_proxy_in_c1_answers_relative_to_c1()
    {
        using var task = _sb.StartTask(Identity.Root, "c1/x");
        Assert.Equal("/c1/x", task.CgroupIn("memory"));
        Assert.Equal("s \"/x\"", Via("GetPidCgroupAbs", "si", "memory", task.PidText));
        Assert.Equal("s \"x\"", Via("GetPidCgroup", "si", "memory", task.PidText));
        // the plain call to the daemon itself still measures from its root
        Assert.Equal("/c1/x", _sb.Ok(Client.TestClient, "GetPidCgroupAbs", "memory", task.PidText).Value);
    }

    public void Dispose()
    {
        _proxy.Dispose();
        _sb.Dispose();
        Directory.Delete(_container, recursive: true);
    }
}
