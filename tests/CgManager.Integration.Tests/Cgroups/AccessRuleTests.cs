using CgManager.Integration.Tests.Sandbox;
using CgManager.Linux;

namespace CgManager.Integration.Tests.Cgroups;

/// <summary>
/// The access rules of spec §5 with Core's decisions (§11), each with an allowed and a denied case, as an
/// unprivileged host user (uid 1000) and as root of a user namespace over uid 1000. Every denial is checked for
/// InvalidArgs, the reason prefix, an unchanged sandbox tree and a daemon that still answers.
/// </summary>
public sealed class AccessRuleTests : IClassFixture<SandboxFixture>
{
    private const string Denied = "permission denied:";
    private static readonly Identity User = Identity.User(1000, 1000);
    private static readonly Identity NsRoot = Identity.UserNamespaceRoot(1000, 1000);
    private static int s_unique;
    private readonly CgroupSandbox _sb;

    public AccessRuleTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    public static TheoryData<Client> Clients => [Client.DbusPython, Client.TestClient];

    public static TheoryData<string> Requestors => ["user", "userns-root"];

    private static Identity Who(string requestor) => requestor == "user" ? User : NsRoot;

    private static string Unique(string stem) => $"{stem}-{Interlocked.Increment(ref s_unique)}";

    /// <summary>Root creates <paramref name="cgroup"/> in memory and gives it to uid/gid 1000 through the daemon.</summary>
    private void CreateOwnedByUser(string cgroup)
    {
        _sb.Create("memory", cgroup);
        _sb.Ok(Client.TestClient, "Chown", "memory", cgroup, "1000", "1000");
        Assert.Equal(1000u, Sys.Stat(_sb.HostPath("memory", cgroup)).Uid);
    }

    [Theory, MemberData(nameof(Requestors))]
    public void Create_under_a_cgroup_the_requestor_does_not_own_is_denied(string requestor)
    {
        string parent = Unique("unowned");
        _sb.Create("memory", parent);
        _sb.AssertDenied(Denied, () => _sb.CallAs(Who(requestor), Client.TestClient, "Create", "memory", $"{parent}/child"));
        _sb.AssertDenied(Denied, () => _sb.CallAs(Who(requestor), Client.DbusPython, "Create", "memory", $"{parent}/child"));
    }

    [Theory, MemberData(nameof(Requestors))]
    public void Create_under_a_chowned_cgroup_is_allowed_and_the_new_cgroup_and_its_files_belong_to_the_requestor(string requestor)
    {
        string parent = Unique("owned");
        CreateOwnedByUser(parent);
        var result = _sb.CallAs(Who(requestor), Client.TestClient, "Create", "memory", $"{parent}/child");
        Assert.True(result.Ok, result.ToString());
        Assert.Equal("-1", result.Value);
        string dir = _sb.HostPath("memory", $"{parent}/child");
        Assert.Equal((1000u, 1000u), (Sys.Stat(dir).Uid, Sys.Stat(dir).Gid));
        foreach (string file in new[] { "memory.limit_in_bytes", "tasks", "cgroup.procs" })
        {
            Assert.True(Sys.Stat(Path.Combine(dir, file)).Uid == 1000u, $"{file} was not chowned to the requestor");
        }
    }

    [Theory, MemberData(nameof(Clients))]
    public void MovePid_of_a_root_owned_task_by_an_unprivileged_user_is_denied(Client client)
    {
        string target = Unique("move-root-task");
        CreateOwnedByUser(target);
        using var rootTask = _sb.StartTask();
        _sb.AssertDenied(Denied, () => _sb.CallAs(User, client, "MovePid", "memory", target, rootTask.PidText));
        Assert.Equal("/", rootTask.CgroupIn("memory"));
    }

    [Theory, MemberData(nameof(Requestors))]
    public void MovePid_of_the_requestors_own_task_into_a_chowned_cgroup_is_allowed(string requestor)
    {
        string target = Unique("move-own");
        CreateOwnedByUser(target);
        using var own = _sb.StartTask(User);
        var result = _sb.CallAs(Who(requestor), Client.TestClient, "MovePid", "memory", target, own.PidText);
        Assert.True(result.Ok, result.ToString());
        Assert.Equal("/" + target, own.CgroupIn("memory"));
    }

    [Fact]
    public void MovePid_of_a_root_owned_task_by_a_user_namespace_root_is_denied()
    {
        string target = Unique("ns-move-root");
        CreateOwnedByUser(target);
        using var rootTask = _sb.StartTask();
        _sb.AssertDenied(Denied, () => _sb.CallAs(NsRoot, Client.DbusPython, "MovePid", "memory", target, rootTask.PidText));
    }

    [Theory, MemberData(nameof(Clients))]
    public void MovePid_of_the_users_own_task_into_a_cgroup_it_cannot_write_is_denied(Client client)
    {
        string target = Unique("move-unwritable");
        _sb.Create("memory", target);
        using var own = _sb.StartTask(User);
        _sb.AssertDenied(Denied, () => _sb.CallAs(User, client, "MovePid", "memory", target, own.PidText));
        Assert.Equal("/", own.CgroupIn("memory"));
    }

    [Theory, MemberData(nameof(Clients))]
    public void MovePidAbs_by_an_unprivileged_user_into_a_cgroup_it_cannot_write_is_denied(Client client)
    {
        string target = Unique("escape-denied");
        _sb.Create("memory", target);
        using var own = _sb.StartTask(User);
        _sb.AssertDenied(Denied, () => _sb.CallAs(User, client, "MovePidAbs", "memory", "/" + target, own.PidText));
        Assert.Equal("/", own.CgroupIn("memory"));
    }

    [Fact]
    public void MovePidAbs_by_host_root_out_of_the_requestors_own_subtree_is_allowed()
    {
        string from = Unique("escape-from");
        string to = Unique("escape-to");
        _sb.Create("memory", from);
        _sb.Create("memory", to);
        using var task = _sb.StartTask(inCgroup: from);
        var result = _sb.CallAsIn(Identity.Root, from, Client.DbusPython, "MovePidAbs", "memory", "/" + to, task.PidText);
        Assert.True(result.Ok, result.ToString());
        Assert.Equal("/" + to, task.CgroupIn("memory"));
    }

    [Fact]
    public void SetValue_on_the_requestors_own_cgroup_from_a_user_namespace_is_denied_but_allowed_to_the_same_user_outside()
    {
        string own = Unique("ns-own");
        CreateOwnedByUser(own);
        _sb.Ok(Client.TestClient, "Chmod", "memory", own, "memory.limit_in_bytes", Convert.ToInt32("666", 8).ToString());
        _sb.AssertDenied(Denied, () => _sb.CallAsIn(NsRoot, own, Client.TestClient, "SetValue", "memory", "", "memory.limit_in_bytes", "33554432"));
        _sb.AssertDenied(Denied, () => _sb.CallAsIn(NsRoot, own, Client.DbusPython, "SetValue", "memory", "", "memory.limit_in_bytes", "33554432"));

        var allowed = _sb.CallAsIn(User, own, Client.TestClient, "SetValue", "memory", "", "memory.limit_in_bytes", "33554432");
        Assert.True(allowed.Ok, allowed.ToString());
        Assert.Equal("33554432", File.ReadAllText(Path.Combine(_sb.HostPath("memory", own), "memory.limit_in_bytes")).Trim());
    }

    [Fact]
    public void SetValue_from_a_user_namespace_on_a_cgroup_it_created_below_its_own_is_allowed()
    {
        string own = Unique("ns-below");
        CreateOwnedByUser(own);
        var created = _sb.CallAsIn(NsRoot, own, Client.TestClient, "Create", "memory", "child");
        Assert.True(created.Ok, created.ToString());
        var set = _sb.CallAsIn(NsRoot, own, Client.TestClient, "SetValue", "memory", "child", "memory.limit_in_bytes", "33554432");
        Assert.True(set.Ok, set.ToString());
        Assert.Equal("33554432", File.ReadAllText(Path.Combine(_sb.HostPath("memory", $"{own}/child"), "memory.limit_in_bytes")).Trim());
    }

    [Theory]
    [InlineData("../memory.limit_in_bytes")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("sub/memory.limit_in_bytes")]
    public void GetValue_with_a_key_that_is_not_a_plain_file_name_is_refused(string key)
    {
        string cg = Unique("key");
        _sb.Create("memory", $"{cg}/sub");
        _sb.AssertDenied("invalid key:", () => _sb.Call(Client.TestClient, "GetValue", "memory", cg, key));
        _sb.AssertDenied("invalid key:", () => _sb.Call(Client.Busctl, "GetValue", "memory", cg, key));
    }

    [Theory]
    [InlineData("release_agent")]
    [InlineData("notify_on_release")]
    [InlineData("cgroup.procs")]
    [InlineData("tasks")]
    [InlineData("../memory.limit_in_bytes")]
    public void SetValue_on_a_forbidden_key_is_refused_even_for_host_root(string key)
    {
        string cg = Unique("setkey");
        _sb.Create("memory", cg);
        using var task = _sb.StartTask();
        string value = key is "cgroup.procs" or "tasks" ? task.PidText : "1";
        _sb.AssertDenied("invalid key:", () => _sb.Call(Client.DbusPython, "SetValue", "memory", cg, key, value));
        Assert.Equal("/", task.CgroupIn("memory"));
    }

    [Theory]
    [InlineData("Create")]
    [InlineData("GetValue")]
    [InlineData("Remove")]
    [InlineData("MovePid")]
    public void A_cgroup_argument_with_dot_dot_is_refused(string method)
    {
        string cg = Unique("dotdot");
        _sb.Create("memory", $"{cg}/a");
        using var task = _sb.StartTask(inCgroup: $"{cg}/a");
        string[] args = method switch
        {
            "Create" => ["memory", $"{cg}/a/../b"],
            "GetValue" => ["memory", $"{cg}/a/..", "memory.limit_in_bytes"],
            "Remove" => ["memory", $"{cg}/a/..", "1"],
            _ => ["memory", "..", task.PidText],
        };
        _sb.AssertDenied("invalid cgroup name:", () => _sb.CallAs(Identity.Root, Client.TestClient, method, args));
    }

    [Fact]
    public void A_requestor_in_a_cannot_read_or_move_from_the_sibling_ab_whose_name_has_a_as_prefix()
    {
        string a = Unique("pfx");
        string ab = a + "b";
        CreateOwnedByUser(a);
        CreateOwnedByUser(ab);
        using var victim = _sb.StartTask(User, inCgroup: ab);
        Assert.Equal("/" + ab, victim.CgroupIn("memory"));

        _sb.AssertDenied(Denied, () => _sb.CallAsIn(User, a, Client.TestClient, "GetValue", "memory", "/" + ab, "memory.limit_in_bytes"));
        _sb.AssertDenied(Denied, () => _sb.CallAsIn(User, a, Client.DbusPython, "ListChildren", "memory", "/" + ab));
        _sb.AssertDenied(Denied, () => _sb.CallAsIn(User, a, Client.TestClient, "MovePid", "memory", "", victim.PidText));
        _sb.AssertDenied(Denied, () => _sb.CallAsIn(User, a, Client.DbusPython, "GetPidCgroup", "memory", victim.PidText));
        Assert.Equal("/" + ab, victim.CgroupIn("memory"));

        // within its own subtree the same requestor is served
        var own = _sb.CallAsIn(User, a, Client.TestClient, "GetValue", "memory", "/" + a, "memory.limit_in_bytes");
        Assert.True(own.Ok, own.ToString());
    }

    [Theory, MemberData(nameof(Clients))]
    public void Chown_by_an_unprivileged_user_is_denied_even_on_its_own_cgroup(Client client)
    {
        string cg = Unique("chown-user");
        CreateOwnedByUser(cg);
        _sb.AssertDenied(Denied, () => _sb.CallAs(User, client, "Chown", "memory", cg, "1000", "1000"));
    }

    [Theory, MemberData(nameof(Clients))]
    public void Chmod_by_an_unprivileged_user_is_denied_on_a_root_owned_cgroup_and_allowed_on_its_own(Client client)
    {
        string theirs = Unique("chmod-root");
        _sb.Create("memory", theirs);
        string mode = Convert.ToInt32("777", 8).ToString();
        _sb.AssertDenied(Denied, () => _sb.CallAs(User, client, "Chmod", "memory", theirs, "", mode));

        string mine = Unique("chmod-own");
        CreateOwnedByUser(mine);
        var allowed = _sb.CallAs(User, client, "Chmod", "memory", mine, "", Convert.ToInt32("775", 8).ToString());
        Assert.True(allowed.Ok, allowed.ToString());
        Assert.Equal("775", Convert.ToString(Sys.Stat(_sb.HostPath("memory", mine)).Permissions, 8));
    }

    [Theory, MemberData(nameof(Requestors))]
    public void Remove_of_a_cgroup_whose_parent_the_requestor_cannot_write_is_denied_and_allowed_below_its_own(string requestor)
    {
        string cg = Unique("remove-denied");
        _sb.Create("memory", cg);
        _sb.AssertDenied(Denied, () => _sb.CallAs(Who(requestor), Client.TestClient, "Remove", "memory", cg, "0"));

        string owned = Unique("remove-owned");
        CreateOwnedByUser(owned);
        _sb.Create("memory", $"{owned}/child");
        var allowed = _sb.CallAs(Who(requestor), Client.TestClient, "Remove", "memory", $"{owned}/child", "0");
        Assert.True(allowed.Ok, allowed.ToString());
        Assert.False(Directory.Exists(_sb.HostPath("memory", $"{owned}/child")));
    }

    [Theory, MemberData(nameof(Requestors))]
    public void RemoveOnEmpty_needs_write_on_the_cgroup_itself(string requestor)
    {
        string theirs = Unique("roe-root");
        _sb.Create("memory", theirs);
        _sb.AssertDenied(Denied, () => _sb.CallAs(Who(requestor), Client.TestClient, "RemoveOnEmpty", "memory", theirs));

        string mine = Unique("roe-own");
        CreateOwnedByUser(mine);
        var allowed = _sb.CallAs(Who(requestor), Client.TestClient, "RemoveOnEmpty", "memory", mine);
        Assert.True(allowed.Ok, allowed.ToString());
    }

    [Fact]
    public void GetValue_outside_the_requestors_subtree_is_denied_and_inside_allowed()
    {
        string a = Unique("confine");
        string other = Unique("confine-other");
        CreateOwnedByUser(a);
        _sb.Create("memory", other);
        _sb.AssertDenied(Denied, () => _sb.CallAsIn(User, a, Client.TestClient, "GetValue", "memory", "/" + other, "memory.limit_in_bytes"));
        _sb.AssertDenied(Denied, () => _sb.CallAsIn(User, a, Client.TestClient, "ListKeys", "memory", "/" + other));
        var inside = _sb.CallAsIn(User, a, Client.DbusPython, "GetValue", "memory", "", "memory.limit_in_bytes");
        Assert.True(inside.Ok, inside.ToString());
    }
}
