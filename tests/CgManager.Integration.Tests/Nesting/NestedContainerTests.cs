using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Nesting;

/// <summary>
/// Containers on the real kernel: an unprivileged user's user + pid namespace (uid 0 inside is host
/// uid 1000), given a delegated cgroup by host root, parcels out its limits through the Scm calls —
/// and cannot escape them, nor take over tasks that are not its own. One level and two levels deep.
/// </summary>
public sealed class NestedContainerTests : IClassFixture<SandboxFixture>
{
    private const uint ContainerUid = 1000;
    private static int s_counter;
    private readonly CgroupSandbox _sb;

    public NestedContainerTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    /// <summary>Root of a new user, pid and mount namespace made by host uid 1000: a rootless container's init.</summary>
    private static Identity Container { get; } = new("container root (userns+pidns over uid 1000)", ContainerUid, ContainerUid,
        ["setpriv", "--reuid=1000", "--regid=1000", "--clear-groups", "unshare", "-U", "-r", "-p", "-f", "-m", "--mount-proc", "env", "HOME=/tmp"]);

    /// <summary>A container inside that container: a second user, pid and mount namespace.</summary>
    private static Identity NestedContainer { get; } = new("nested container root", ContainerUid, ContainerUid,
        ["setpriv", "--reuid=1000", "--regid=1000", "--clear-groups", "unshare", "-U", "-r", "-p", "-f", "-m", "--mount-proc",
         "unshare", "-U", "-r", "-p", "-f", "-m", "--mount-proc", "env", "HOME=/tmp"]);

    /// <summary>Host root's part of the delegation: a cgroup given to uid 1000 (spec §5.2).</summary>
    private string Delegate()
    {
        string name = $"ct{Interlocked.Increment(ref s_counter)}";
        _sb.Create("memory", name);
        Assert.True(_sb.Ok(Client.TestClient, "Chown", "memory", name, "1000", "1000").Ok);
        return name;
    }

    private ScmOutcome InContainer(string cgroup, string method, params string[] args) =>
        ScmClient.Run(_sb, Container, method, args, inCgroup: cgroup);

    private static string Limit(string dir) => File.ReadAllText(Path.Combine(dir, "memory.limit_in_bytes")).Trim();

    [Fact]
    public void A_container_creates_limits_and_moves_its_own_tasks_beneath_its_cgroup()
    {
        string ct = Delegate();
        Assert.Equal("31", InContainer(ct, "CreateScm", "s:memory", "s:web").ResultHex);
        string web = _sb.HostPath("memory", $"{ct}/web");
        Assert.Equal(ContainerUid, CgManager.Linux.Sys.Stat(web).Uid);

        Assert.Equal("31", InContainer(ct, "SetValueScm", "s:memory", "s:web", "s:memory.limit_in_bytes", "s:16M").ResultHex);
        Assert.Equal("16777216", Limit(web));

        var moved = InContainer(ct, "MovePidScm", "s:memory", "s:web", "--spawn-victim");
        Assert.Equal("31", moved.ResultHex);
        Assert.Contains($"/{ct}/web\n", moved.VictimCgroup);

        // The container sees its own pids: GetTasks of a cgroup holding only its task answers with the pid it knows.
        var tasks = InContainer(ct, "GetTasksScm", "s:memory", "s:web");
        Assert.Equal(0, tasks.Datagrams[0].AsInt32); // the victim was killed when the client exited
    }

    [Fact]
    public void A_container_cannot_set_limits_on_its_own_cgroup_or_above()
    {
        string ct = Delegate();
        string own = _sb.HostPath("memory", ct);
        string before = Limit(own);
        Assert.Equal("30", InContainer(ct, "SetValueScm", "s:memory", "s:", "s:memory.limit_in_bytes", "s:1G").ResultHex);
        Assert.Equal("30", InContainer(ct, "SetValueScm", "s:memory", "s:/", "s:memory.limit_in_bytes", "s:1G").ResultHex);
        Assert.Equal(before, Limit(own));
        _sb.AssertStillAnswers();
    }

    [Fact]
    public void Dot_dot_and_absolute_tricks_fail_for_a_container()
    {
        string ct = Delegate();
        Assert.Equal("30", InContainer(ct, "CreateScm", "s:memory", "s:../evil").ResultHex);
        Assert.False(Directory.Exists(_sb.HostPath("memory", "evil")));
        Assert.Equal("", InContainer(ct, "GetValueScm", "s:memory", "s:/", "s:memory.limit_in_bytes").ResultHex);
        Assert.Equal("ffffffff", InContainer(ct, "ListChildrenScm", "s:memory", "s:/").ResultHex);
        _sb.Create("memory", $"{ct}x");
        Assert.Equal("ffffffff", InContainer(ct, "ListChildrenScm", "s:memory", $"s:/{ct}x").ResultHex);
    }

    [Fact]
    public void A_container_cannot_move_a_host_task()
    {
        string ct = Delegate();
        using var host = _sb.StartTask();
        // Through Scm the kernel refuses to even name it: it is not in the container's pid namespace.
        var scm = InContainer(ct, "MovePidScm", "s:memory", "s:", "--cred2", $"{host.Pid}:0:0");
        Assert.Equal(3, scm.SendError); // ESRCH
        // A plain call with the host pid is refused by the daemon: the integer means nothing in the container.
        var plain = _sb.CallAsIn(Container, ct, Client.DbusPython, "MovePid", "memory", "", host.PidText);
        Assert.False(plain.Ok);
        Assert.StartsWith("namespace:", plain.ErrorMessage);
        Assert.Equal("/", host.CgroupIn("memory"));
    }

    [Fact]
    public void Root_of_a_user_namespace_cannot_move_a_task_of_another_user()
    {
        string ct = Delegate();
        var userns = Identity.UserNamespaceRoot(ContainerUid, ContainerUid); // no pid namespace: plain calls allowed
        using var other = _sb.StartTask(Identity.User(1001, 1001), inCgroup: ct);
        var denied = _sb.AssertDenied("permission denied:", () =>
            _sb.CallAsIn(userns, ct, Client.DbusPython, "MovePid", "memory", "", other.PidText));
        Assert.Contains("1001", denied.ErrorMessage);
        using var mine = _sb.StartTask(Identity.User(ContainerUid, ContainerUid), inCgroup: ct);
        _sb.Create("memory", $"{ct}/mine");
        Assert.True(_sb.Ok(Client.TestClient, "Chown", "memory", $"{ct}/mine", "1000", "1000").Ok);
        var allowed = _sb.CallAsIn(userns, ct, Client.DbusPython, "MovePid", "memory", "mine", mine.PidText);
        Assert.True(allowed.Ok, allowed.ToString());
        Assert.Equal($"/{ct}/mine", mine.CgroupIn("memory"));
    }

    [Fact]
    public void A_container_cannot_chown_to_an_id_it_does_not_map()
    {
        string ct = Delegate();
        Assert.Equal("31", InContainer(ct, "CreateScm", "s:memory", "s:owned").ResultHex);
        // Only uid 0 is mapped in the container: the kernel will not carry uid 5 as a credential.
        var scm = InContainer(ct, "ChownScm", "s:memory", "s:owned", "--cred2", "1:5:5");
        Assert.Equal(22, scm.SendError); // EINVAL
        // Plain Chown from a user namespace is refused by the daemon: its ids would be read as host ids.
        var plain = _sb.CallAsIn(Container, ct, Client.DbusPython, "Chown", "memory", "owned", "5", "5");
        Assert.StartsWith("namespace:", plain.ErrorMessage);
        Assert.Equal(ContainerUid, CgManager.Linux.Sys.Stat(_sb.HostPath("memory", $"{ct}/owned")).Uid);
        // Its own (mapped) root id is fine.
        Assert.Equal("31", InContainer(ct, "ChownScm", "s:memory", "s:owned", "--cred2", "1:0:0").ResultHex);
    }

    [Fact]
    public void Two_levels_deep_the_inner_container_is_confined_to_its_own_subtree()
    {
        string ct = Delegate();
        Assert.Equal("31", InContainer(ct, "CreateScm", "s:memory", "s:inner").ResultHex);
        string inner = $"{ct}/inner";
        ScmOutcome Inner(string method, params string[] args) => ScmClient.Run(_sb, NestedContainer, method, args, inCgroup: inner);

        Assert.Equal("31", Inner("CreateScm", "s:memory", "s:deeper").ResultHex);
        Assert.True(Directory.Exists(_sb.HostPath("memory", $"{inner}/deeper")));
        Assert.Equal("31", Inner("SetValueScm", "s:memory", "s:deeper", "s:memory.limit_in_bytes", "s:8M").ResultHex);
        Assert.Equal("8388608", Limit(_sb.HostPath("memory", $"{inner}/deeper")));

        Assert.Equal("30", Inner("SetValueScm", "s:memory", "s:", "s:memory.limit_in_bytes", "s:1G").ResultHex);
        Assert.Equal("", Inner("GetValueScm", "s:memory", $"s:/{ct}", "s:memory.limit_in_bytes").ResultHex);
        Assert.Equal("ffffffff", Inner("ListChildrenScm", "s:memory", $"s:/{ct}").ResultHex);
        Assert.Equal("30", Inner("CreateScm", "s:memory", "s:../sibling").ResultHex);
        Assert.False(Directory.Exists(_sb.HostPath("memory", $"{ct}/sibling")));
    }
}
