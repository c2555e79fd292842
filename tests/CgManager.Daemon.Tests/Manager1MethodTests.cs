using CgManager.Daemon.Tests.Infrastructure;
using CgManager.DBus;

namespace CgManager.Daemon.Tests;

/// <summary>org.linuxcontainers.cgmanager.Manager1 through the wire, as <see cref="CompatMethodTests"/>.</summary>
public sealed class Manager1MethodTests : IDisposable
{
    private readonly InProcessDaemon _daemon = new();
    private readonly WireClient _client;

    public Manager1MethodTests() => _client = _daemon.Connect();

    public void Dispose() => _daemon.Dispose();

    [Fact]
    public void Version_property_is_1()
    {
        using var reply = WireClient.Ok(_client.Call("org.freedesktop.DBus.Properties", "Get", "ss",
            w => { w.WriteString(WireClient.Manager1); w.WriteString("Version"); }));
        Assert.Equal(1u, reply.GetBodyReader().ReadVariant().Value);
    }

    [Fact]
    public void ListChildren_lists_the_subfolders()
    {
        _daemon.Host.MakeCgroup(_daemon.Host.Unified, "a");
        _daemon.Host.MakeCgroup(_daemon.Host.Unified, "a/x");
        _daemon.Host.MakeCgroup(_daemon.Host.Unified, "a/y");

        using var reply = WireClient.Ok(_client.Call(WireClient.Manager1, "ListChildren", "s", w => w.WriteString("a")));
        var children = ((DBusArray)reply.GetBodyReader().ReadValue("as")).Items;
        Assert.Equal(["x", "y"], children.Cast<string>().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Watch_of_a_missing_cgroup_is_NoSuchCgroup_naming_it()
    {
        using var reply = _client.Call(WireClient.Manager1, "Watch", "sas", w => { w.WriteString("absent"); w.WriteStringArray(["populated"]); });
        var (name, text) = WireClient.Error(reply);
        Assert.Equal("org.linuxcontainers.cgmanager.Error.NoSuchCgroup", name);
        Assert.Contains("absent", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Watch_of_an_unknown_event_is_an_error_listing_the_known_ones()
    {
        _daemon.Host.MakeCgroup(_daemon.Host.Unified, "w");
        using var reply = _client.Call(WireClient.Manager1, "Watch", "sas", w => { w.WriteString("w"); w.WriteStringArray(["sunrise"]); });
        var (_, text) = WireClient.Error(reply);
        Assert.Contains("unknown event 'sunrise'", text, StringComparison.Ordinal);
        Assert.Contains("populated frozen oom_kill max", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_makes_the_cgroup_in_every_hierarchy_and_says_it_was_created_then_Delete_removes_it()
    {
        using (var created = WireClient.Ok(_client.Call(WireClient.Manager1, "Create", "sasa{sv}", w => { w.WriteString("m1job"); w.WriteStringArray([]); EmptyDict(w); })))
        {
            Assert.Equal("b", created.Signature);
            Assert.True(created.GetBodyReader().ReadBool());
        }

        Assert.True(Directory.Exists(Path.Combine(_daemon.Host.Memory, "m1job")));
        Assert.True(Directory.Exists(Path.Combine(_daemon.Host.Unified, "m1job")));
        using (var again = WireClient.Ok(_client.Call(WireClient.Manager1, "Create", "sasa{sv}", w => { w.WriteString("m1job"); w.WriteStringArray([]); EmptyDict(w); })))
        {
            Assert.False(again.GetBodyReader().ReadBool());
        }

        WireClient.Ok(_client.Call(WireClient.Manager1, "Delete", "sb", w => { w.WriteString("m1job"); w.WriteBool(false); })).Dispose();
        Assert.False(Directory.Exists(Path.Combine(_daemon.Host.Memory, "m1job")));
        Assert.False(Directory.Exists(Path.Combine(_daemon.Host.Unified, "m1job")));
    }

    [Fact]
    public void GetValues_of_a_missing_cgroup_is_NoSuchCgroup_naming_it()
    {
        using var reply = _client.Call(WireClient.Manager1, "GetValues", "sas", w => { w.WriteString("gone"); w.WriteStringArray(["memory.limit"]); });
        var (name, text) = WireClient.Error(reply);
        Assert.Equal("org.linuxcontainers.cgmanager.Error.NoSuchCgroup", name); // Manager1 names the reason; compat says InvalidArgs
        Assert.Contains("gone", text, StringComparison.Ordinal);
    }

    private static void EmptyDict(MessageWriter w) => w.WriteArrayEnd(w.WriteArrayStart('{'));
}
