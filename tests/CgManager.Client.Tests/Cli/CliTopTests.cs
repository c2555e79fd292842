using System.Diagnostics;
using System.Text.Json;
using CgManager.Client.Tests.Infrastructure;
using CgManager.Client.Tests.Library;

namespace CgManager.Client.Tests.Cli;

/// <summary><c>cgm top</c> against the real daemon in a sandbox: batch snapshots, JSON, and a real terminal (tmux).</summary>
public sealed class CliTopTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly ClientSandbox _sb = fixture.Sandbox;

    private string Shell(string script)
    {
        var result = _sb.RunInside(["sh", "-c", script]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout;
    }

    [SandboxFact]
    public void Batch_snapshots_show_a_busy_cgroup_using_cpu_from_the_second_reading_on()
    {
        Assert.Equal(0, _sb.Cgm("create", "all", "t-busy").ExitCode);
        string cgm = $"{TestPaths.Cgm} --socket {_sb.SocketPath}";
        string output = Shell($"{cgm} exec all t-busy -- timeout 6 sh -c 'while :; do :; done' & sleep 0.5; {cgm} top --batch -n 2 -d 1 t-busy; wait");
        string[] snapshots = output.Trim('\n').Split("\n\n");
        Assert.Equal(2, snapshots.Length);
        Assert.StartsWith("cgm top t-busy: 1 cgroups, sorted by CPU", snapshots[0], StringComparison.Ordinal);
        string[] first = snapshots[0].Split('\n'), second = snapshots[1].Split('\n');
        Assert.Matches(@"^CGROUP\s+TASKS\s+%CPU\s+MEMORY\s+READ/s\s+WRITE/s\s+PSI cpu\s+mem\s+io$", first[1]);
        Assert.Matches(@"^t-busy\s+\d+\s+-\s", first[2]); // no rate before a second reading
        var cells = second[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("t-busy", cells[0]);
        Assert.True(double.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture) > 5, second[2]);
    }

    [SandboxFact]
    public void Json_prints_one_object_per_snapshot_with_numbers_and_nulls()
    {
        Assert.Equal(0, _sb.Cgm("create", "all", "t-json/a").ExitCode);
        var result = _sb.Cgm("top", "--json", "-n", "2", "-d", "0.2", "t-json");
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Stdout.Trim('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement.GetProperty("cgroups");
        Assert.Equal(["t-json", "t-json/a"], first.EnumerateArray().Select(c => c.GetProperty("cgroup").GetString()).Order());
        Assert.Equal(JsonValueKind.Null, first[0].GetProperty("cpu_percent").ValueKind);
        var second = JsonDocument.Parse(lines[1]).RootElement.GetProperty("cgroups");
        Assert.Equal(JsonValueKind.Number, second[0].GetProperty("cpu_percent").ValueKind);
        Assert.Equal(0, second.EnumerateArray().Single(c => c.GetProperty("cgroup").GetString() == "t-json/a").GetProperty("tasks").GetInt64());
    }

    [SandboxFact]
    public void In_a_terminal_it_refreshes_in_place_and_q_quits()
    {
        Assert.Equal(0, _sb.Cgm("create", "all", "t-tty").ExitCode);
        string server = $"cgm-top-{Environment.ProcessId}";
        try
        {
            // the tmux server starts inside the sandbox, so cgm top runs there and sees the sandbox's cgroups
            Shell($"tmux -L {server} new-session -d -x 120 -y 30 '{TestPaths.Cgm} --socket {_sb.SocketPath} top -d 0.2 t-tty'");
            string screen = Eventually(() => Run.Program("tmux", ["-L", server, "capture-pane", "-p"]).Stdout,
                s => s.Contains("cgm top t-tty: 1 cgroups", StringComparison.Ordinal) && s.Contains("t-tty ", StringComparison.Ordinal));
            // refreshed in place: one header on the screen, however many refreshes went by
            Assert.Equal(1, screen.Split('\n').Count(l => l.StartsWith("CGROUP ", StringComparison.Ordinal)));
            Run.Program("tmux", ["-L", server, "send-keys", "q"]);
            Eventually(() => Run.Program("tmux", ["-L", server, "has-session"]).ExitCode, code => code != 0);
        }
        finally
        {
            Run.Program("tmux", ["-L", server, "kill-server"]);
        }
    }

    private static T Eventually<T>(Func<T> read, Func<T, bool> done)
    {
        var clock = Stopwatch.StartNew();
        T value = read();
        while (!done(value))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"not reached within 20 s; last: {value}");
            Thread.Sleep(100);
            value = read();
        }

        return value;
    }
}
