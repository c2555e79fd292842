using CgManager.Daemon.Tests.Infrastructure;
using CgManager.DBus;

namespace CgManager.Daemon.Tests;

/// <summary>
/// A Create that fails after it has enabled controllers on the way down (v2's cgroup.subtree_control) turns them off
/// again in the cgroups that existed before it, as it removes the directories it made: a failed call changes nothing.
/// The kernel's own rules (EBUSY, what reaches a child) are the VM lane's to check; here it is the daemon's path.
/// </summary>
public sealed class CreateUndoTests : IDisposable
{
    private readonly InProcessDaemon _daemon = new();
    private readonly WireClient _client;

    public CreateUndoTests() => _client = _daemon.Connect();

    public void Dispose() => _daemon.Dispose();

    /// <summary>A cgroup below the unified root, both offering pids to their children and enabling nothing yet.</summary>
    private string ExistingWithPids(string name)
    {
        string existing = _daemon.Host.MakeCgroup(_daemon.Host.Unified, name);
        File.WriteAllText(Path.Combine(_daemon.Host.Unified, "cgroup.controllers"), "pids\n");
        File.WriteAllText(Path.Combine(existing, "cgroup.controllers"), "pids\n");
        return existing;
    }

    [Fact]
    public void A_Create_whose_values_fail_disables_the_controllers_it_enabled_in_cgroups_that_existed()
    {
        string top = _daemon.Host.Unified;
        string existing = ExistingWithPids("before");

        using var reply = _client.Call(WireClient.Manager1, "Create", "sasa{sv}", w =>
        {
            w.WriteString("before/job");
            w.WriteStringArray(["pids"]);
            w.WriteVariantDictionary([new("pids.max", new DBusVariant("s", "bogus"))]);
        });

        var (name, _) = WireClient.Error(reply);
        Assert.Equal("org.linuxcontainers.cgmanager.Error.InvalidArgument", name);
        Assert.False(Directory.Exists(Path.Combine(existing, "job")));
        // what the call wrote last to each file it had enabled pids in: the kernel's "turn it off again"
        Assert.Equal("-pids", File.ReadAllText(Path.Combine(existing, "cgroup.subtree_control")));
        Assert.Equal("-pids", File.ReadAllText(Path.Combine(top, "cgroup.subtree_control")));
    }

    [Fact]
    public void A_Create_that_succeeds_keeps_the_controllers_it_enabled()
    {
        string existing = ExistingWithPids("kept");

        WireClient.Ok(_client.Call(WireClient.Manager1, "Create", "sasa{sv}", w =>
        {
            w.WriteString("kept/job");
            w.WriteStringArray(["pids"]);
            w.WriteVariantDictionary([]);
        })).Dispose();

        Assert.True(Directory.Exists(Path.Combine(existing, "job")));
        Assert.Equal("+pids", File.ReadAllText(Path.Combine(existing, "cgroup.subtree_control")));
    }
}
