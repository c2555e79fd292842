using CgManager.Daemon.Tests.Infrastructure;
using CgManager.DBus;

namespace CgManager.Daemon.Tests;

/// <summary>Manager1.GetTree's bound (docs/keys.md, "Bulk reads"): 4096 cgroups are answered, one more is refused, never truncated.</summary>
public sealed class TreeLimitTests : IDisposable
{
    private readonly InProcessDaemon _daemon = new();
    private readonly WireClient _client;

    public TreeLimitTests() => _client = _daemon.Connect();

    public void Dispose() => _daemon.Dispose();

    private Message GetTree(string cgroup) =>
        _client.Call(WireClient.Manager1, "GetTree", "sasi", w =>
        {
            w.WriteString(cgroup);
            w.WriteStringArray(["memory.usage_in_bytes"]);
            w.WriteInt32(-1);
        });

    private void MakeBoth(string relative)
    {
        _daemon.Host.MakeCgroup(_daemon.Host.Memory, relative);
        _daemon.Host.MakeCgroup(_daemon.Host.Unified, relative);
    }

    [Fact]
    public void A_subtree_of_4096_cgroups_is_answered_whole_and_one_more_is_refused()
    {
        MakeBoth("big");
        File.WriteAllText(Path.Combine(_daemon.Host.Memory, "big", "memory.usage_in_bytes"), "4096\n");
        for (int i = 0; i < 4095; i++)
        {
            MakeBoth($"big/c{i}");
            File.WriteAllText(Path.Combine(_daemon.Host.Memory, "big", $"c{i}", "memory.usage_in_bytes"), "4096\n");
        }

        using (var whole = WireClient.Ok(GetTree("big")))
        {
            Assert.Equal("a(sa{sv})", whole.Signature);
            Assert.Equal(4096, ((DBusArray)whole.GetBodyReader().ReadValue("a(sa{sv})")).Items.Count);
        }

        MakeBoth("big/one-more");
        File.WriteAllText(Path.Combine(_daemon.Host.Memory, "big", "one-more", "memory.usage_in_bytes"), "4096\n");
        using var refused = GetTree("big");
        var (name, text) = WireClient.Error(refused);
        Assert.Equal("org.linuxcontainers.cgmanager.Error.InvalidArgument", name);
        Assert.Contains("more than 4096 cgroups", text, StringComparison.Ordinal);
    }
}
