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
    public void Watch_of_a_missing_cgroup_is_an_error_naming_it()
    {
        using var reply = _client.Call(WireClient.Manager1, "Watch", "sas", w => { w.WriteString("absent"); w.WriteStringArray(["populated"]); });
        var (name, text) = WireClient.Error(reply);
        Assert.StartsWith("org.linuxcontainers.cgmanager.Error.", name, StringComparison.Ordinal);
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
}
