using CgManager.Daemon.Tests.Infrastructure;
using CgManager.DBus;

namespace CgManager.Daemon.Tests;

/// <summary>
/// org.linuxcontainers.cgmanager0_0 through the wire: requests as D-Bus messages into the real
/// server and dispatcher, the daemon's own handlers and CgroupService behind them, on a temporary
/// tree standing in for cgroupfs (no root, no kernel cgroups).
/// </summary>
public sealed class CompatMethodTests : IDisposable
{
    private readonly InProcessDaemon _daemon = new();
    private readonly WireClient _client;

    public CompatMethodTests() => _client = _daemon.Connect();

    public void Dispose() => _daemon.Dispose();

    [Fact]
    public void Ping_is_answered_with_an_empty_return()
    {
        using var reply = WireClient.Ok(_client.Call(WireClient.Compat, "Ping", "i", w => w.WriteInt32(7)));
        Assert.Equal(MessageType.MethodReturn, reply.Type);
        Assert.Equal("", reply.Signature);
    }

    [Fact]
    public void ListControllers_lists_the_controllers_of_the_hierarchies_in_mountinfo()
    {
        using var reply = WireClient.Ok(_client.Call(WireClient.Compat, "ListControllers"));
        Assert.Equal("as", reply.Signature);
        var controllers = ((DBusArray)reply.GetBodyReader().ReadValue("as")).Items;
        Assert.Equal(["memory", "pids"], controllers.Cast<string>().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Create_makes_the_folder_and_says_whether_it_existed()
    {
        using (var first = WireClient.Ok(_client.Call(WireClient.Compat, "Create", "ss", w => { w.WriteString("memory"); w.WriteString("job"); })))
        {
            Assert.Equal("i", first.Signature);
            Assert.Equal(-1, first.GetBodyReader().ReadInt32()); // created now
        }

        Assert.True(Directory.Exists(Path.Combine(_daemon.Host.Memory, "job")));
        using var second = WireClient.Ok(_client.Call(WireClient.Compat, "Create", "ss", w => { w.WriteString("memory"); w.WriteString("job"); }));
        Assert.Equal(1, second.GetBodyReader().ReadInt32()); // existed
    }

    [Fact]
    public void Remove_removes_the_folder_and_says_whether_it_existed()
    {
        Directory.CreateDirectory(Path.Combine(_daemon.Host.Memory, "old"));

        using (var first = WireClient.Ok(_client.Call(WireClient.Compat, "Remove", "ssi", w => { w.WriteString("memory"); w.WriteString("old"); w.WriteInt32(0); })))
        {
            Assert.Equal(1, first.GetBodyReader().ReadInt32());
        }

        Assert.False(Directory.Exists(Path.Combine(_daemon.Host.Memory, "old")));
        using var second = WireClient.Ok(_client.Call(WireClient.Compat, "Remove", "ssi", w => { w.WriteString("memory"); w.WriteString("old"); w.WriteInt32(0); }));
        Assert.Equal(-1, second.GetBodyReader().ReadInt32());
    }

    [Fact]
    public void GetValue_reads_the_file_of_the_cgroup()
    {
        _daemon.Host.MakeCgroup(_daemon.Host.Memory, "web");
        File.WriteAllText(Path.Combine(_daemon.Host.Memory, "web", "memory.limit_in_bytes"), "268435456\n");

        using var reply = WireClient.Ok(_client.Call(WireClient.Compat, "GetValue", "sss",
            w => { w.WriteString("memory"); w.WriteString("web"); w.WriteString("memory.limit_in_bytes"); }));
        Assert.Equal("268435456", reply.GetBodyReader().ReadString().TrimEnd('\n'));
    }

    [Fact]
    public void GetValue_of_a_missing_cgroup_is_InvalidArgs_naming_it()
    {
        using var reply = _client.Call(WireClient.Compat, "GetValue", "sss",
            w => { w.WriteString("memory"); w.WriteString("nowhere"); w.WriteString("memory.limit_in_bytes"); });
        var (name, text) = WireClient.Error(reply);
        Assert.Equal("org.freedesktop.DBus.Error.InvalidArgs", name);
        Assert.Contains("nowhere", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cgroup_path_with_dotdot_is_refused_and_nothing_is_made()
    {
        using var reply = _client.Call(WireClient.Compat, "Create", "ss", w => { w.WriteString("memory"); w.WriteString("../escape"); });
        var (name, _) = WireClient.Error(reply);
        Assert.Equal("org.freedesktop.DBus.Error.InvalidArgs", name);
        Assert.False(Directory.Exists(Path.Combine(_daemon.Host.Root, "cgroup", "escape")));
    }

    [Fact]
    public void An_unknown_method_is_UnknownMethod()
    {
        using var reply = _client.Call(WireClient.Compat, "NoSuchMethod");
        Assert.Equal("org.freedesktop.DBus.Error.UnknownMethod", WireClient.Error(reply).Name);
    }
}
