using System.Text.Json;
using CgManager.Client.Tests.Infrastructure;
using CgManager.Client.Tests.Library;

namespace CgManager.Client.Tests.Cli;

/// <summary><c>cgm stat</c> against the real daemon in a sandbox of its own: every usage key, human or raw.</summary>
public sealed class CliStatTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly ClientSandbox _sb = fixture.Sandbox;

    private RunResult Ok(params string[] args)
    {
        var result = _sb.Cgm(args);
        Assert.True(result.ExitCode == 0, $"cgm {string.Join(' ', args)}: {result}");
        Assert.Equal("", result.Stderr);
        return result;
    }

    [SandboxFact]
    public void Stat_prints_every_usage_key_in_human_units_and_raw_numbers_in_json()
    {
        Ok("create", "all", "s-stat");
        string[] lines = Ok("stat", "s-stat").Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(
            ["cpu.usage", "cpu.throttling", "memory.usage", "memory.max_usage", "memory.working_set", "memory.breakdown",
             "memory.event_counts", "memory.swap.usage", "memory.swap.max_usage", "memory.swap.failcnt", "memory.numa",
             "pids.current", "pids.event_counts", "io.usage", "pressure.cpu", "pressure.memory", "pressure.io"],
            lines.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Matches(@"^cpu\.usage: total_usec \d+\.\d{3}s, user_usec \d+\.\d{3}s, system_usec \d+\.\d{3}s$", lines[0]);
        Assert.Equal("pids.current: 0", lines[11]);
        Assert.Matches(@"^pressure\.cpu: some \[avg10 \d+\.\d\d%, avg60 \d+\.\d\d%, avg300 \d+\.\d\d%, total \d+\.\d{3}s\]", lines[14]);
        // on this v1 host the swap peak has no v1 form: the reason, not a failure
        Assert.StartsWith("memory.swap.max_usage: not supported: ", lines[8]);

        var json = JsonDocument.Parse(Ok("stat", "--json", "s-stat").Stdout).RootElement;
        Assert.Equal(JsonValueKind.Number, json.GetProperty("cpu.usage").GetProperty("total_usec").ValueKind);
        Assert.Equal(0, json.GetProperty("pids.current").GetInt64());
        Assert.Equal(JsonValueKind.Number, json.GetProperty("pressure.io").GetProperty("full").GetProperty("avg10").ValueKind);
        Assert.True(json.GetProperty("memory.breakdown").GetProperty("usage").GetInt64() >= 0);
    }

    [SandboxFact]
    public void Stat_of_a_missing_cgroup_fails()
    {
        var result = _sb.Cgm("stat", "s-none");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("cgm stat: no such cgroup: ", result.Stderr);
    }
}
