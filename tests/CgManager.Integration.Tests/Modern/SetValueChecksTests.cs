using System.Text.Json;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Modern;

/// <summary>
/// Manager1 SetValues and Create with values apply exactly compat SetValue's checks, through one preparation path
/// (issue 11): read access to the cgroup's directory, "invalid key" for a key file that is not there, and messages
/// that name a file of the root cgroup memory:/file.
/// </summary>
public sealed class SetValueChecksTests : IClassFixture<SandboxFixture>
{
    private const string Prelude = """
        import sys, json, dbus
        conn = dbus.connection.Connection(sys.argv[1])
        m = dbus.Interface(conn.get_object(object_path='/org/linuxcontainers/cgmanager', introspect=True), 'org.linuxcontainers.cgmanager.Manager1')
        def call(f, *a):
            try:
                f(*a); return {'ok': True}
            except dbus.exceptions.DBusException as e:
                return {'ok': False, 'error': e.get_dbus_name(), 'message': e.get_dbus_message()}

        """;

    private static readonly Identity User = Identity.User(1000, 1000);
    private static int s_unique;
    private readonly CgroupSandbox _sb;

    public SetValueChecksTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private static string Unique(string stem) => $"{stem}-{Interlocked.Increment(ref s_unique)}";

    private JsonElement Modern(string expression, Identity? who = null)
    {
        var run = _sb.Run(who ?? Identity.Root, [Tool.Python, "-c", Prelude + $"print(json.dumps({expression}))", _sb.Daemon.Address]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private static void AssertRefused(JsonElement r, string name, string prefix)
    {
        Assert.False(r.GetProperty("ok").GetBoolean(), r.ToString());
        Assert.Equal("org.linuxcontainers.cgmanager.Error." + name, r.GetProperty("error").GetString());
        Assert.StartsWith(prefix, r.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_that_is_not_there_is_invalid_key_on_both_interfaces()
    {
        string cg = Unique("nokey");
        _sb.Create("memory", cg);
        var compat = _sb.Call(Client.TestClient, "SetValue", "memory", cg, "memory.nonesuch", "1");
        Assert.False(compat.Ok);
        Assert.StartsWith("invalid key:", compat.ErrorMessage, StringComparison.Ordinal);
        AssertRefused(Modern($"call(m.SetValues, '{cg}', {{'memory.nonesuch': '1'}})"), "InvalidKey", "invalid key:");
        AssertRefused(Modern($"call(m.Create, '{Unique("nokey-new")}', dbus.Array([], signature='s'), {{'memory.nonesuch': '1'}})"), "InvalidKey", "invalid key:");
    }

    [Fact]
    public void A_file_of_the_root_cgroup_is_named_memory_slash_file_on_both_interfaces()
    {
        var compat = _sb.Call(Client.TestClient, "SetValue", "memory", "", "memory.nonesuch", "1");
        Assert.Equal("invalid key: memory:/memory.nonesuch does not exist", compat.ErrorMessage);
        var modern = Modern("call(m.SetValues, '', {'memory.nonesuch': '1'})");
        Assert.Equal("invalid key: memory:/memory.nonesuch does not exist", modern.GetProperty("message").GetString());
    }

    [Fact]
    public void A_cgroup_whose_directory_the_requestor_cannot_read_is_refused_on_both_interfaces_even_with_its_files()
    {
        string cg = Unique("unreadable");
        _sb.Create("memory", cg);
        string dir = _sb.HostPath("memory", cg);
        foreach (string file in new[] { "memory.limit_in_bytes", "memory.memsw.limit_in_bytes" })
        {
            if (File.Exists(Path.Combine(dir, file)))
            {
                Tool.Ok("chown", "1000:1000", Path.Combine(dir, file));
            }
        }

        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // 0700 root
        string before = File.ReadAllText(Path.Combine(dir, "memory.limit_in_bytes"));
        var compat = _sb.CallAs(User, Client.TestClient, "SetValue", "memory", cg, "memory.limit_in_bytes", "64M");
        Assert.False(compat.Ok, compat.ToString());
        Assert.StartsWith("permission denied:", compat.ErrorMessage, StringComparison.Ordinal);
        AssertRefused(Modern($"call(m.SetValues, '{cg}', {{'memory.limit': '64M'}})", User), "PermissionDenied", "permission denied:");
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "memory.limit_in_bytes")));
    }
}
