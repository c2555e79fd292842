using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Delegation;

/// <summary>
/// Manager1.Delegate / Undelegate (issue 14) on this hybrid host, through busctl inside the sandbox:
/// the layout pam_cgm and cgm delegate rely on, in every hierarchy at once.
/// </summary>
public sealed class DelegateTests : IClassFixture<SandboxFixture>
{
    private const uint Nobody = 65534;
    private static int s_counter;
    private readonly CgroupSandbox _sb;

    public DelegateTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private static string Unique(string name) => $"{name}{Interlocked.Increment(ref s_counter)}";

    private ToolResult Busctl(Identity who, params string[] args) =>
        _sb.Run(who, ["busctl", "--address=" + _sb.Daemon.Address, "call", "org.linuxcontainers.cgmanager", "/org/linuxcontainers/cgmanager",
            "org.linuxcontainers.cgmanager.Manager1", .. args]);

    private string Ok(params string[] args)
    {
        var result = Busctl(Identity.Root, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.Trim();
    }

    private uint Owner(string hierarchy, string cgroup, string file = "")
    {
        string path = Path.Combine(_sb.HostPath(hierarchy, cgroup), file);
        return uint.Parse(Tool.Ok("stat", "-c", "%u", path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Delegate_gives_the_directory_and_delegation_files_in_every_hierarchy_and_keeps_the_limits_roots()
    {
        string top = Unique("dg");
        using var task = _sb.StartTask();
        Assert.Equal("s \"" + top + "/u/s\"", Ok("Delegate", "suua{sv}", top + "/u", "65534", "65534", "2", "session", "s", "s", "pid", "i", task.PidText));
        foreach (string h in _sb.Dirs.Keys)
        {
            Assert.Equal(0u, Owner(h, top));                    // the path above stays root's
            Assert.Equal(Nobody, Owner(h, top + "/u"));
            Assert.Equal(Nobody, Owner(h, top + "/u", "cgroup.procs"));
            Assert.Equal(Nobody, Owner(h, top + "/u/s", "cgroup.procs"));
            Assert.Equal("/" + top + "/u/s", task.CgroupIn(h));  // the session leaf itself, in every hierarchy
        }

        Assert.Equal(Nobody, Owner("memory", top + "/u", "tasks"));
        Assert.Equal(0u, Owner("memory", top + "/u", "memory.limit_in_bytes"));
        Assert.Equal(Nobody, Owner("unified", top + "/u", "cgroup.subtree_control"));
        Assert.Equal(0u, Owner("unified", top + "/u", "cgroup.max.descendants"));
    }

    [Fact]
    public void Delegate_sets_the_limits_of_the_delegated_cgroup_as_root()
    {
        string top = Unique("dl");
        Ok("Delegate", "suua{sv}", top, "65534", "65534", "1", "values", "a{sv}", "1", "memory.limit", "s", "64M");
        Assert.Equal("67108864", File.ReadAllText(Path.Combine(_sb.HostPath("memory", top), "memory.limit_in_bytes")).Trim());
        var denied = Busctl(Identity.User(Nobody, Nobody), "SetValues", "sa{sv}", top, "1", "memory.limit", "s", "1G");
        Assert.NotEqual(0, denied.ExitCode);
        Ok("Undelegate", "ss", top, "");
    }

    [Fact]
    public void Indexed_sessions_take_the_first_name_that_is_new()
    {
        string top = Unique("di");
        Assert.Equal("s \"" + top + "/0\"", Ok("Delegate", "suua{sv}", top, "65534", "65534", "2", "session", "s", "", "session-indexes", "u", "5"));
        Assert.Equal("s \"" + top + "/1\"", Ok("Delegate", "suua{sv}", top, "65534", "65534", "2", "session", "s", "", "session-indexes", "u", "5"));
        Assert.Equal("as 2 \"" + top + "\" \"" + top + "/1\"", Ok("Undelegate", "ss", top, "1"));
    }

    [Fact]
    public void Undelegate_removes_the_session_and_then_the_delegation_only_when_no_task_is_left()
    {
        string top = Unique("du");
        var task = _sb.StartTask();
        Ok("Delegate", "suua{sv}", top, "65534", "65534", "2", "session", "s", "a", "pid", "i", task.PidText);
        Ok("Delegate", "suua{sv}", top, "65534", "65534", "1", "session", "s", "b");
        Assert.Equal("as 1 \"" + top + "/b\"", Ok("Undelegate", "ss", top, "b"));
        Assert.Equal("as 0", Ok("Undelegate", "ss", top, "a"));
        Assert.True(Directory.Exists(_sb.HostPath("memory", top + "/a")));
        task.Dispose();
        Assert.True(CgroupSandbox.Eventually(() => File.ReadAllText(Path.Combine(_sb.HostPath("memory", top + "/a"), "tasks")).Trim().Length == 0, TimeSpan.FromSeconds(10)));
        Assert.Equal("as 2 \"" + top + "\" \"" + top + "/a\"", Ok("Undelegate", "ss", top, "a"));
        Assert.All(_sb.Dirs.Keys, h => Assert.False(Directory.Exists(_sb.HostPath(h, top)), h));
    }

    [Fact]
    public void Delegate_by_an_unprivileged_user_is_denied_and_makes_nothing()
    {
        string top = Unique("dn");
        var denied = Busctl(Identity.User(Nobody, Nobody), "Delegate", "suua{sv}", top, "65534", "65534", "0");
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("only host root delegates", denied.Stderr, StringComparison.Ordinal);
        Assert.All(_sb.Dirs.Keys, h => Assert.False(Directory.Exists(_sb.HostPath(h, top)), h));
    }

    [Fact]
    public void Unknown_options_and_a_pid_without_a_session_are_refused_and_make_nothing()
    {
        string top = Unique("do");
        var unknown = Busctl(Identity.Root, "Delegate", "suua{sv}", top, "65534", "65534", "1", "sesion", "s", "x");
        Assert.Contains("unknown Delegate option 'sesion'", unknown.Stderr, StringComparison.Ordinal);
        var pidOnly = Busctl(Identity.Root, "Delegate", "suua{sv}", top, "65534", "65534", "1", "pid", "i", "1");
        Assert.Contains("name a session", pidOnly.Stderr, StringComparison.Ordinal);
        Assert.All(_sb.Dirs.Keys, h => Assert.False(Directory.Exists(_sb.HostPath(h, top)), h));
    }

    [Fact]
    public void A_failed_delegation_of_an_existing_cgroup_puts_its_owners_back_and_leaves_nothing_made()
    {
        string top = Unique("dr");
        Ok("Create", "sasa{sv}", top, "0", "0");
        var failed = Busctl(Identity.Root, "Delegate", "suua{sv}", top, "65534", "65534", "2",
            "session", "s", "s", "values", "a{sv}", "1", "memory.limit", "s", "lots");
        Assert.NotEqual(0, failed.ExitCode);
        foreach (string h in _sb.Dirs.Keys)
        {
            Assert.Equal(0u, Owner(h, top));
            Assert.Equal(0u, Owner(h, top, "cgroup.procs"));
            Assert.False(Directory.Exists(_sb.HostPath(h, top + "/s")), h);
        }

        Ok("Delete", "sb", top, "false");
    }
}
