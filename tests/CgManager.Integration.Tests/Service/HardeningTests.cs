using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;
using CgManager.Linux;

namespace CgManager.Integration.Tests.Service;

/// <summary>
/// The hardening of contrib/init/systemd/cgmanager.service, tried without systemd (PID 1 here is not
/// systemd): the daemon runs under setpriv with exactly the unit's CapabilityBoundingSet and
/// NoNewPrivileges, in a sandbox, and does the work that needs each capability.
/// </summary>
public sealed class HardeningTests
{
    private static string UnitSetting(string key) =>
        File.ReadLines(Path.Combine(Repo.Root, "contrib", "init", "systemd", "cgmanager.service"))
            .Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

    /// <summary>setpriv's spelling of a capability list: -all,+sys_admin,...</summary>
    private static string[] Wrapper(IEnumerable<string> capabilities)
    {
        string set = string.Join(',', capabilities.Select(c => "+" + c["CAP_".Length..].ToLowerInvariant()).Prepend("-all"));
        return ["setpriv", "--bounding-set", set, "--inh-caps", "-all", .. UnitSetting("NoNewPrivileges") == "yes" ? new[] { "--no-new-privs" } : []];
    }

    [Fact]
    public void Daemon_does_its_work_with_only_the_units_capabilities_and_no_new_privileges()
    {
        var capabilities = UnitSetting("CapabilityBoundingSet").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using var sb = new CgroupSandbox(daemonWrapper: Wrapper(capabilities));
        var status = File.ReadAllLines($"/proc/{DaemonPid(sb)}/status");
        Assert.Contains(status, l => l.StartsWith("NoNewPrivs:\t1", StringComparison.Ordinal));
        Assert.NotEqual("CapBnd:\t000001ffffffffff", status.Single(l => l.StartsWith("CapBnd:", StringComparison.Ordinal)));
        WaitForLog(sb, " ready on ");
        Assert.DoesNotContain("cannot mount it privately", sb.Daemon.Stderr, StringComparison.Ordinal);

        sb.Ok(Client.TestClient, "Create", "all", "hardened");
        sb.Ok(Client.TestClient, "SetValue", "memory", "hardened", "memory.limit_in_bytes", "64M");
        sb.Ok(Client.TestClient, "Chown", "memory", "hardened", "1000", "1000");
        Assert.Equal(1000u, Sys.Stat(sb.HostPath("memory", "hardened")).Uid);
        using var task = sb.StartTask();
        sb.Ok(Client.TestClient, "MovePid", "memory", "hardened", task.PidText);
        Assert.Equal("/hardened", task.CgroupIn("memory"));
        var created = sb.CallAs(Identity.User(1000, 1000), Client.TestClient, "Create", "memory", "hardened/mine");
        Assert.True(created.Ok, created.ToString());
        sb.Ok(Client.TestClient, "MovePid", "memory", "", task.PidText);
        sb.Ok(Client.TestClient, "Remove", "all", "hardened", "1");
    }

    [Fact]
    public void Without_CAP_SYS_ADMIN_the_daemon_falls_back_to_the_hosts_mounts_and_says_so()
    {
        // Why the unit keeps CAP_SYS_ADMIN: without it there are no private (detached) mounts.
        var capabilities = UnitSetting("CapabilityBoundingSet").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => c != "CAP_SYS_ADMIN");
        using var sb = new CgroupSandbox(daemonWrapper: Wrapper(capabilities));
        const string FallBack = "memory: cannot mount it privately (fsopen cgroup: Operation not permitted); using the host's mount";
        WaitForLog(sb, FallBack);
        sb.AssertStillAnswers();
    }

    /// <summary>stderr is read asynchronously: a line may arrive just after the socket answered.</summary>
    private static void WaitForLog(CgroupSandbox sb, string text)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!sb.Daemon.Stderr.Contains(text, StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(20);
        }

        Assert.Contains(text, sb.Daemon.Stderr, StringComparison.Ordinal);
    }

    private static int DaemonPid(CgroupSandbox sb) =>
        int.Parse(Tool.Ok("pgrep", "-n", "-f", "^" + Repo.DaemonBinary + " --socket " + sb.Daemon.SocketPath).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
