using CgManager.Client.Tests.Infrastructure;
using CgManager.Client.Tests.Library;

namespace CgManager.Client.Tests.Cli;

/// <summary>cgm delegate / undelegate (issue 14): the real cgm against the real daemon in a sandbox of this class's own.</summary>
public sealed class CliDelegateTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly ClientSandbox _sb = fixture.Sandbox;

    private RunResult Ok(params string[] args)
    {
        var result = _sb.Cgm(args);
        Assert.True(result.ExitCode == 0, $"cgm {string.Join(' ', args)}: {result}\ndaemon log:\n{_sb.DaemonLog}");
        return result;
    }

    private string Owner(string hierarchy, string cgroup, string file = "") => Stat(Path.Combine(_sb.HostPath(hierarchy, cgroup), file));

    private static string Stat(string path)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        string text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return text;
    }

    [SandboxFact]
    public void Delegate_to_a_user_by_name_prints_the_session_path_and_sets_the_limit_as_root()
    {
        Assert.Equal("cli-dg/u/main\n", Ok("delegate", "cli-dg/u", "nobody", "session=main", "memory.limit=64M").Stdout);
        Assert.Equal("65534", Owner("memory", "cli-dg/u"));
        Assert.Equal("65534", Owner("memory", "cli-dg/u/main", "cgroup.procs"));
        Assert.Equal("0", Owner("memory", "cli-dg/u", "memory.limit_in_bytes"));
        Assert.Equal("67108864", File.ReadAllText(Path.Combine(_sb.HostPath("memory", "cli-dg/u"), "memory.limit_in_bytes")).Trim());
        Assert.Equal("cli-dg/u\ncli-dg/u/main\n", Ok("undelegate", "cli-dg/u", "main").Stdout);
        Assert.False(Directory.Exists(_sb.HostPath("memory", "cli-dg/u")));
    }

    [SandboxFact]
    public void Delegate_names_an_unknown_user_and_a_bad_argument_precisely()
    {
        var unknown = _sb.Cgm("delegate", "cli-dn", "no-such-user-x");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("no user 'no-such-user-x'", unknown.Stdout + unknown.Stderr, StringComparison.Ordinal);
        var bad = _sb.Cgm("delegate", "cli-dn", "65534", "pid=abc");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("pid must be a positive number", bad.Stdout + bad.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sb.HostPath("memory", "cli-dn")));
    }
}
