using System.Diagnostics;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Hardening;

/// <summary>A sandbox of its own: these tests SIGKILL its daemon.</summary>
public sealed class CrashSandboxFixture : SandboxFixture
{
}

/// <summary>
/// Issue 12, finding 8: a daemon killed while a Kill or a forced Delete holds the subtree frozen
/// leaves it frozen (frozen v1 tasks ignore even SIGKILL); the next daemon thaws what the journal says
/// its predecessor froze, before it serves.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class FreezeCrashTests : IClassFixture<CrashSandboxFixture>
{
    private const int Tasks = 150;
    private const int Attempts = 30;
    private static int s_counter;
    private readonly CgroupSandbox _sb;

    public FreezeCrashTests(CrashSandboxFixture fixture) => _sb = fixture.Sandbox;

    private static string Unique(string name) => $"{name}{Interlocked.Increment(ref s_counter)}";

    private string FreezerState(string cgroup)
    {
        try
        {
            return File.ReadAllText(Path.Combine(_sb.HostPath("freezer", cgroup), "freezer.state")).Trim();
        }
        catch (IOException)
        {
            return "GONE";
        }
    }

    /// <summary>On a failed test, the sandbox must still be destroyable: thaw by hand what this test froze.</summary>
    private void ThawByHand(string cgroup)
    {
        try
        {
            File.WriteAllText(Path.Combine(_sb.HostPath("freezer", cgroup), "freezer.state"), "THAWED");
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Calls <paramref name="call"/> on the cgroup and SIGKILLs the daemon the moment the freezer reads
    /// FROZEN; retried until the daemon died with the subtree still frozen. Returns false if it never did.
    /// </summary>
    private bool CrashWhileFrozen(string cgroup, string call, int attempts = Attempts)
    {
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            using var client = _sb.StartProcess(Identity.Root, [Tool.Python, "-c", Manager1Python.Prelude + call, _sb.Daemon.Address]);
            var clock = Stopwatch.StartNew();
            bool frozen = false;
            while (!client.HasExited && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                if (FreezerState(cgroup) == "FROZEN")
                {
                    _sb.Daemon.Crash();
                    frozen = true;
                    break;
                }
            }

            client.WaitForExit(10_000);
            if (frozen && FreezerState(cgroup) == "FROZEN")
            {
                return true; // the daemon died before it thawed
            }

            if (_sb.Daemon.HasExited)
            {
                _sb.CrashAndRestartDaemon(); // it thawed first: try again
            }
        }

        return false;
    }

    private SandboxTask ManySleeps(string cgroup) =>
        _sb.StartTask(inCgroup: cgroup, command: ["sh", "-c", $"for i in $(seq {Tasks}); do sleep 1000 & done; wait"]);

    private int TasksIn(string cgroup) => File.ReadAllLines(Path.Combine(_sb.HostPath("freezer", cgroup), "cgroup.procs")).Length;

    [Fact]
    public void A_daemon_killed_during_Kill_leaves_nothing_frozen_after_restart()
    {
        string cg = Unique("crashkill");
        Assert.True(_sb.Ok(Client.TestClient, "Create", "all", $"{cg}/a").Ok);
        using var sleeps = ManySleeps($"{cg}/a");
        Assert.True(CgroupSandbox.Eventually(() => TasksIn($"{cg}/a") > Tasks, TimeSpan.FromSeconds(20)));

        try
        {
            // SIGCONT: harmless to the sleeps, so every attempt finds them again.
            Assert.True(CrashWhileFrozen(cg, $"out(k=call(m.Kill, '{cg}', 18))"), "never caught the daemon with the subtree frozen");
            _sb.CrashAndRestartDaemon();
            // Served means taken over: the thaw comes before the first request is read.
            Assert.True(_sb.Ok(Client.TestClient, "Ping", "0").Ok);

            Assert.Equal("THAWED", FreezerState(cg));
            Assert.Equal("THAWED", FreezerState($"{cg}/a"));
            Assert.True(CgroupSandbox.Eventually(() => _sb.Daemon.Stderr.Contains("thawed", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), _sb.Daemon.Stderr);
        }
        finally
        {
            ThawByHand(cg);
        }
    }

    [Fact]
    public void A_daemon_killed_during_a_forced_Delete_leaves_nothing_frozen_and_the_delete_can_be_repeated()
    {
        // A forced Delete that wins the race kills its tasks: each attempt needs a fresh subtree.
        for (int attempt = 0; attempt < 10; attempt++)
        {
            string cg = Unique("crashdel");
            Assert.True(_sb.Ok(Client.TestClient, "Create", "all", $"{cg}/a/b").Ok);
            using var sleeps = ManySleeps($"{cg}/a/b");
            Assert.True(CgroupSandbox.Eventually(() => TasksIn($"{cg}/a/b") > Tasks, TimeSpan.FromSeconds(20)));
            try
            {
                if (!CrashWhileFrozen(cg, $"out(d=call(m.Delete, '{cg}', True))", attempts: 1))
                {
                    continue;
                }

                _sb.CrashAndRestartDaemon();
                Assert.True(_sb.Ok(Client.TestClient, "Ping", "0").Ok);

                Assert.Equal("THAWED", FreezerState(cg));
                // Killed before or while it signalled: the caller got no answer, and repeats the call.
                var again = _sb.Py($"out(d=call(m.Delete, '{cg}', True))");
                Assert.True(again.GetProperty("d").Ok(), again.ToString());
                Assert.DoesNotContain(_sb.Dirs.Keys, h => Directory.Exists(_sb.HostPath(h, cg)));
                return;
            }
            finally
            {
                ThawByHand(cg);
            }
        }

        Assert.Fail("never caught the daemon with the subtree frozen during a forced Delete");
    }
}
