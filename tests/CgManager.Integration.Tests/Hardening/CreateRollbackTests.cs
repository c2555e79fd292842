using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Hardening;

/// <summary>
/// Issue 12, finding 1: a failed Manager1 Create removes exactly the directories it made, deepest
/// first, and nothing else: not the caller's own cgroup (<c>''</c>), not the empty cgroups beneath it
/// (root's or anyone's), not an ancestor that existed.
/// </summary>
public sealed class CreateRollbackTests : IClassFixture<SandboxFixture>
{
    private static int s_counter;
    private readonly CgroupSandbox _sb;

    public CreateRollbackTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private static string Unique(string name) => $"{name}{Interlocked.Increment(ref s_counter)}";

    /// <summary>Makes empty cgroups in every hierarchy by hand: one root's, one uid 1000's, one uid 2000's.</summary>
    private string[] MakeBystanders(string parent)
    {
        var made = new List<string>();
        foreach (var (owner, name) in new[] { (0u, "rootowned"), (1000u, "users"), (2000u, "others") })
        {
            string cgroup = $"{parent}/{name}";
            foreach (var hierarchy in _sb.Dirs.Keys)
            {
                _sb.MakeDir(hierarchy, cgroup, owner);
            }

            made.Add(cgroup);
        }

        return [.. made];
    }

    private void AssertExistEverywhere(IEnumerable<string> cgroups)
    {
        foreach (var cgroup in cgroups)
        {
            foreach (var hierarchy in _sb.Dirs.Keys)
            {
                Assert.True(Directory.Exists(_sb.HostPath(hierarchy, cgroup)), $"{hierarchy}:{cgroup} was removed by a failed Create");
            }
        }
    }

    private bool ExistsAnywhere(string cgroup) => _sb.Dirs.Keys.Any(h => Directory.Exists(_sb.HostPath(h, cgroup)));

    [Fact]
    public void A_refused_create_of_its_own_cgroup_by_uid_1000_removes_none_of_the_empty_cgroups_below()
    {
        string top = Unique("rbuser");
        _sb.Create("memory", top);
        Assert.True(_sb.Ok(Client.TestClient, "Create", "all", top).Ok);
        Assert.True(_sb.Ok(Client.TestClient, "Chown", "all", top, "1000", "1000").Ok);
        var bystanders = MakeBystanders(top);

        var r = _sb.Py("out(c=call(m.Create, '', S(), V({'memory.limit': '1G'})))", Identity.User(1000, 1000), top);

        Assert.False(r.GetProperty("c").Ok(), r.ToString());
        AssertExistEverywhere([top, .. bystanders]);
    }

    [Fact]
    public void A_failed_create_of_its_own_cgroup_by_root_removes_none_of_the_empty_cgroups_below()
    {
        string top = Unique("rbroot");
        Assert.True(_sb.Ok(Client.TestClient, "Create", "all", top).Ok);
        var bystanders = MakeBystanders(top);

        var r = _sb.Py("out(c=call(m.Create, '', S(), V({'pids.max': 'bogus'})))", Identity.Root, top);

        Assert.False(r.GetProperty("c").Ok(), r.ToString());
        AssertExistEverywhere([top, .. bystanders]);
    }

    [Fact]
    public void A_failed_nested_create_removes_every_level_it_made_and_no_level_that_existed()
    {
        string fresh = Unique("rbn");
        string existing = Unique("rbe");
        Assert.True(_sb.Ok(Client.TestClient, "Create", "all", existing).Ok);
        var bystanders = MakeBystanders(existing);

        var r = _sb.Py(
            $"out(a=call(m.Create, '{fresh}/n2/n3', S(), V({{'pids.max': 'bogus'}})), " +
            $"b=call(m.Create, '{existing}/n2', S(), V({{'pids.max': 'bogus'}})))");

        Assert.False(r.GetProperty("a").Ok(), r.ToString());
        Assert.False(r.GetProperty("b").Ok(), r.ToString());
        Assert.False(ExistsAnywhere(fresh), $"{fresh} (made by the failed call) was left behind");
        Assert.False(ExistsAnywhere($"{existing}/n2"), $"{existing}/n2 (made by the failed call) was left behind");
        AssertExistEverywhere([existing, .. bystanders]);
    }
}
