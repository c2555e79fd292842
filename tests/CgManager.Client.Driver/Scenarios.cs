using CgManager.Client;
using CgManager.Contract;
using CgManager.Linux.Sockets;
using static CgManager.Client.Driver.Scenario;

namespace CgManager.Client.Driver;

/// <summary>
/// Library scenarios against the real daemon. Each runs every call in its plain form and in its Scm
/// form (ScmMode.Never, then Always), on cgroups named after the scenario and mode.
/// </summary>
public static class Scenarios
{
    private const string Memory = "memory";

    public static readonly IReadOnlyDictionary<string, Func<Scenario, Task>> All = new Dictionary<string, Func<Scenario, Task>>(StringComparer.Ordinal)
    {
        ["basics"] = Basics,
        ["create_remove"] = s => BothModes(s, CreateRemove),
        ["values_keys"] = s => BothModes(s, ValuesAndKeys),
        ["chown_chmod"] = s => BothModes(s, ChownChmod),
        ["tasks_move"] = s => BothModes(s, TasksAndMoves),
        ["prune_removeonempty"] = s => BothModes(s, PruneAndRemoveOnEmpty),
        ["errors"] = Errors,
        ["tree"] = Tree,
        ["explicit_scm_credentials"] = ExplicitScmCredentials,
        ["auto_mode"] = AutoMode,
        ["cancelled_before_call"] = CancelledBeforeCall,
    };

    private static async Task BothModes(Scenario s, Func<CgManagerClient, string, Task> body)
    {
        foreach (var mode in new[] { ScmMode.Never, ScmMode.Always })
        {
            await using var client = await s.ConnectAsync(mode);
            Equal(mode == ScmMode.Always, client.UsesScm, "UsesScm");
            await body(client, mode.ToString().ToLowerInvariant());
        }
    }

    private static async Task Basics(Scenario s)
    {
        await using var client = await s.ConnectAsync(ScmMode.Never);
        await client.PingAsync();
        Equal(10, await client.GetApiVersionAsync(), "api_version");
        var controllers = await client.ListControllersAsync();
        Check(controllers.Contains(Memory) && controllers.Contains("name=systemd"), $"controllers: {string.Join(',', controllers)}");
        Equal(s.Socket, client.SocketPath, "SocketPath");
    }

    private static async Task CreateRemove(CgManagerClient client, string tag)
    {
        string cg = $"cr-{tag}";
        Equal(CreateResult.Created, await client.CreateAsync(Memory, cg + "/child"), "first create");
        Equal(CreateResult.Existed, await client.CreateAsync(Memory, cg + "/child"), "second create");
        var children = await client.ListChildrenAsync(Memory, cg);
        Equal("child", string.Join(',', children), "children");
        Equal(0, (await client.ListChildrenAsync(Memory, cg + "/child")).Count, "no grandchildren");
        Equal(RemoveResult.Removed, await client.RemoveAsync(Memory, cg + "/child", recursive: false), "remove");
        Equal(RemoveResult.DidNotExist, await client.RemoveAsync(Memory, cg + "/child", recursive: false), "remove again");
        Equal(CreateResult.Created, await client.CreateAsync(Memory, cg + "/a/b"), "create deep");
        Equal(RemoveResult.Removed, await client.RemoveAsync(Memory, cg, recursive: true), "remove recursive");
        Check(!(await client.ListChildrenAsync(Memory, "")).Contains(cg), "gone from the root's children");
    }

    private static async Task ValuesAndKeys(CgManagerClient client, string tag)
    {
        string cg = $"vk-{tag}";
        await client.CreateAsync(Memory, cg);
        await client.SetValueAsync(Memory, cg, "memory.limit_in_bytes", "256M");
        Equal("268435456", await client.GetValueAsync(Memory, cg, "memory.limit_in_bytes"), "limit");
        var keys = await client.ListKeysAsync(Memory, cg);
        var limit = keys.Single(k => k.Name == "memory.limit_in_bytes");
        Equal(0x81A4u /* 0100644 */, limit.Mode, "mode of memory.limit_in_bytes");
        Equal(0u, limit.Uid, "owner");
        Check(keys.Any(k => k.Name == "tasks"), "tasks listed");
        Check(keys.Count > 10, $"{keys.Count} keys");
        await client.RemoveAsync(Memory, cg, recursive: true);
    }

    private static async Task ChownChmod(CgManagerClient client, string tag)
    {
        string cg = $"cc-{tag}";
        await client.CreateAsync(Memory, cg);
        await client.ChownAsync(Memory, cg, 1000, 1001);
        var tasks = (await client.ListKeysAsync(Memory, cg)).Single(k => k.Name == "tasks");
        Equal((1000u, 1001u), (tasks.Uid, tasks.Gid), "tasks owner after chown");
        await client.ChmodAsync(Memory, cg, "tasks", Convert.ToInt32("666", 8));
        tasks = (await client.ListKeysAsync(Memory, cg)).Single(k => k.Name == "tasks");
        Equal(Convert.ToUInt32("100666", 8), tasks.Mode, "tasks mode after chmod");
        await client.ChmodAsync(Memory, cg, "", Convert.ToInt32("700", 8));
        await client.RemoveAsync(Memory, cg, recursive: true);
    }

    private static async Task TasksAndMoves(CgManagerClient client, string tag)
    {
        string cg = $"tm-{tag}";
        await client.CreateAsync(Memory, cg + "/inner");
        using var sleeper = StartSleeper();
        try
        {
            int pid = sleeper.Id;
            await client.MovePidAsync(Memory, cg + "/inner", pid);
            Equal(pid.ToString(), string.Join(',', await client.GetTasksAsync(Memory, cg + "/inner")), "tasks of inner");
            Equal(0, (await client.GetTasksAsync(Memory, cg)).Count, "no tasks directly in the parent");
            Check((await client.GetTasksRecursiveAsync(Memory, cg)).Contains(pid), "recursive tasks include the sleeper");
            Equal(cg + "/inner", await client.GetPidCgroupAsync(Memory, pid), "GetPidCgroup");
            Equal("/" + cg + "/inner", await client.GetPidCgroupAbsAsync(Memory, pid), "GetPidCgroupAbs");
            await client.MovePidAbsAsync(Memory, "/" + cg, pid);
            Equal(cg, await client.GetPidCgroupAsync(Memory, pid), "after MovePidAbs");
            await client.MovePidAsync(Memory, "", pid);
            Equal("/", await client.GetPidCgroupAsync(Memory, pid), "back at the root");
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }

        await client.RemoveAsync(Memory, cg, recursive: true);
    }

    private static async Task PruneAndRemoveOnEmpty(CgManagerClient client, string tag)
    {
        string cg = $"pr-{tag}";
        await client.CreateAsync(Memory, cg + "/x/y");
        await client.PruneAsync(Memory, cg + "/x");
        Check(!(await client.ListChildrenAsync(Memory, cg)).Contains("x"), "prune removed the empty subtree");
        await client.CreateAsync("unified", cg);
        await client.RemoveOnEmptyAsync("unified", cg);
        for (int i = 0; i < 100 && (await client.ListChildrenAsync("unified", "")).Contains(cg); i++)
        {
            await Task.Delay(50);
        }

        Check(!(await client.ListChildrenAsync("unified", "")).Contains(cg), "RemoveOnEmpty removed the empty v2 cgroup");
        await client.RemoveAsync(Memory, cg, recursive: true);
    }

    private static async Task Tree(Scenario s)
    {
        await using var client = await s.ConnectAsync(ScmMode.Never);
        await client.CreateAsync("all", "tree/a");
        await client.CreateAsync("all", "tree/b");
        var tree = await client.GetTreeAsync("tree", ["pids.current", "cpu.usage"]);
        Equal("tree,tree/a,tree/b", string.Join(',', tree.Select(t => t.Cgroup)), "GetTree cgroups, parents first");
        Check(tree[1].Values["pids.current"] is ulong, "numbers arrive as ulong");
        Check(tree[1].Values["cpu.usage"] is IReadOnlyDictionary<string, object> usage && usage["total_usec"] is ulong, "records arrive as dictionaries");
        Equal(1, (await client.GetTreeAsync("tree", ["pids.current"], depth: 0)).Count, "depth 0 is the cgroup alone");
        var text = await client.GetValuesAsync("tree", ["cpu.usage"]);
        Check(text["cpu.usage"].StartsWith("total_usec ", StringComparison.Ordinal), "a record read as text: " + text["cpu.usage"]);
        await client.RemoveAsync("all", "tree", recursive: true);
    }

    private static async Task Errors(Scenario s)
    {
        await using (var plain = await s.ConnectAsync(ScmMode.Never))
        {
            var e = await ThrowsAsync(() => plain.CreateAsync(Memory, "../escape"), "create ../escape");
            Equal(CgManagerErrorNames.InvalidArgs, e.ErrorName, "error name");
            Equal("Create", e.Method, "method");
            Check(e.Message.StartsWith("invalid cgroup name:", StringComparison.Ordinal), "message: " + e.Message);
            Equal(CgErrorKind.InvalidCgroupName, e.Kind, "kind, read back from the reason");
            e = await ThrowsAsync(() => plain.GetValueAsync(Memory, "no-such-cgroup", "memory.limit_in_bytes"), "missing cgroup");
            Check(e.Message.StartsWith("no such cgroup:", StringComparison.Ordinal), "message: " + e.Message);
            Equal(CgErrorKind.NoSuchCgroup, e.Kind, "kind of a missing cgroup");
            e = await ThrowsAsync(() => plain.SetValueAsync(Memory, "", "../x", "1"), "bad key");
            Check(e.Message.StartsWith("invalid key:", StringComparison.Ordinal), "message: " + e.Message);
            Equal(CgErrorKind.InvalidKey, e.Kind, "kind of a bad key");
            // Manager1 names the kind in the error name itself
            e = await ThrowsAsync(() => plain.GetValuesAsync("no-such-cgroup", ["memory.max"]), "Manager1 missing cgroup");
            Equal("org.linuxcontainers.cgmanager.Error.NoSuchCgroup", e.ErrorName, "Manager1 error name");
            Equal(CgErrorKind.NoSuchCgroup, e.Kind, "Manager1 kind");
        }

        await using var scm = await s.ConnectAsync(ScmMode.Always);
        var f = await ThrowsAsync(() => scm.CreateAsync(Memory, "../escape"), "CreateScm ../escape");
        Equal(CgManagerErrorNames.ScmFailed, f.ErrorName, "Scm error name");
        Equal(null, f.Kind, "the side channel carries no reason");
        Equal("CreateScm", f.Method, "Scm method");
        f = await ThrowsAsync(() => scm.GetValueAsync(Memory, "no-such-cgroup", "memory.limit_in_bytes"), "GetValueScm missing");
        Equal(CgManagerErrorNames.ScmFailed, f.ErrorName, "GetValueScm failure is an empty datagram");
        f = await ThrowsAsync(() => scm.GetTasksAsync(Memory, "no-such-cgroup"), "GetTasksScm missing");
        Equal(CgManagerErrorNames.ScmFailed, f.ErrorName, "GetTasksScm failure is a count of -1");
        f = await ThrowsAsync(() => scm.ListKeysAsync(Memory, "no-such-cgroup"), "ListKeysScm missing");
        Equal(CgManagerErrorNames.ScmFailed, f.ErrorName, "ListKeysScm failure");
        // the kernel, not the daemon, refuses a credential naming a pid that does not exist
        f = await ThrowsAsync(() => scm.CreateScmAsync(Memory, "x", new PeerCredentials(int.MaxValue - 1, 0, 0)), "credential for no pid");
        Equal(CgManagerErrorNames.AccessDenied, f.ErrorName, "bad credential");
    }

    /// <summary>The proxy's way: requestor and victim given explicitly (we are root, so the kernel lets us name any pid).</summary>
    private static async Task ExplicitScmCredentials(Scenario s)
    {
        await using var client = await s.ConnectAsync(ScmMode.Never);
        using var sleeper = StartSleeper();
        try
        {
            var me = CgManagerClient.Self;
            var victim = new PeerCredentials(sleeper.Id, 0, 0);
            Equal(CreateResult.Created, await client.CreateScmAsync(Memory, "ex/inner", me), "CreateScm");
            await client.MovePidScmAsync(Memory, "ex/inner", me, victim);
            Equal("ex/inner", await client.GetPidCgroupScmAsync(Memory, me, victim), "GetPidCgroupScm");
            Equal("/ex/inner", await client.GetPidCgroupAbsScmAsync(Memory, me, victim), "GetPidCgroupAbsScm");
            Equal(sleeper.Id.ToString(), string.Join(',', await client.GetTasksScmAsync(Memory, "ex/inner", me)), "GetTasksScm");
            Check((await client.GetTasksRecursiveScmAsync(Memory, "ex", me)).Contains(sleeper.Id), "GetTasksRecursiveScm");
            await client.MovePidAbsScmAsync(Memory, "/ex", me, victim);
            Equal("ex", await client.GetPidCgroupScmAsync(Memory, me, victim), "after MovePidAbsScm");
            await client.ChownScmAsync(Memory, "ex", me, new PeerCredentials(me.Pid, 1234, 1235));
            var tasks = (await client.ListKeysScmAsync(Memory, "ex", me)).Single(k => k.Name == "tasks");
            Equal((1234u, 1235u), (tasks.Uid, tasks.Gid), "ChownScm");
            await client.ChmodScmAsync(Memory, "ex", "tasks", Convert.ToInt32("660", 8), me);
            await client.SetValueScmAsync(Memory, "ex", "memory.limit_in_bytes", "128M", me);
            Equal("134217728", await client.GetValueScmAsync(Memory, "ex", "memory.limit_in_bytes", me), "GetValueScm");
            Equal("inner", string.Join(',', await client.ListChildrenScmAsync(Memory, "ex", me)), "ListChildrenScm");
            await client.MovePidScmAsync(Memory, "", me, victim);
            await client.PruneScmAsync(Memory, "ex/inner", me);
            Equal(0, (await client.ListChildrenScmAsync(Memory, "ex", me)).Count, "PruneScm");
            await client.CreateScmAsync("unified", "ex-roe", me);
            await client.RemoveOnEmptyScmAsync("unified", "ex-roe", me);
            Equal(RemoveResult.Removed, await client.RemoveScmAsync(Memory, "ex", true, me), "RemoveScm");
            Equal(RemoveResult.DidNotExist, await client.RemoveScmAsync(Memory, "ex", true, me), "RemoveScm again");
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }
    }

    /// <summary>ScmMode.Auto: args[0] says what the rule must decide here ("scm" or "plain"); the calls must work either way.</summary>
    private static async Task AutoMode(Scenario s)
    {
        await using var client = await s.ConnectAsync(ScmMode.Auto);
        Equal(s.Args[0] == "scm", client.UsesScm, "UsesScm under Auto");
        Equal(CreateResult.Created, await client.CreateAsync(Memory, "auto-" + s.Args[0]), "create");
        Check((await client.ListChildrenAsync(Memory, "")).Contains("auto-" + s.Args[0]), "listed");
        Equal(RemoveResult.Removed, await client.RemoveAsync(Memory, "auto-" + s.Args[0], false), "remove");
    }

    private static async Task CancelledBeforeCall(Scenario s)
    {
        await using var client = await s.ConnectAsync(ScmMode.Always);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        try
        {
            await client.CreateAsync(Memory, "never", cancelled.Token);
            throw new InvalidOperationException("expected cancellation");
        }
        catch (OperationCanceledException)
        {
        }

        await client.PingAsync(); // the connection survives a cancelled call
        Check(!(await client.ListChildrenAsync(Memory, "")).Contains("never"), "nothing created... or created by a call already sent");
    }
}
