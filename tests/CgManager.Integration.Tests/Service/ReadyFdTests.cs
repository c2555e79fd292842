using System.Text.Json;
using CgManager.Integration.Tests.Infrastructure;

namespace CgManager.Integration.Tests.Service;

/// <summary>--ready-fd N for s6, dinit and OpenRC's supervise-daemon (issue 15): one newline once serving, then closed.</summary>
public sealed class ReadyFdTests
{
    private static JsonElement Run(params string[] extra)
    {
        string folder = ServiceProcess.NewFolder();
        try
        {
            var run = Tool.Run(Tool.Python, [Path.Combine(Repo.Root, "tests", "CgManager.Integration.Tests", "scripts", "ready_fd.py"),
                Repo.DaemonBinary, Path.Combine(folder, "sock"), .. extra.Select(a => a.Replace("{folder}", folder, StringComparison.Ordinal))],
                TimeSpan.FromSeconds(60));
            Assert.True(run.ExitCode == 0, run.ToString());
            return JsonDocument.Parse(run.Stdout).RootElement.Clone();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Ready_fd_gets_one_newline_and_is_closed_once_the_socket_answers()
    {
        var result = Run();
        Assert.Equal("\n", result.GetProperty("data").GetString());
        Assert.True(result.GetProperty("alive").GetBoolean(), "the descriptor closed because the daemon died: " + result);
        Assert.True(result.GetProperty("ping").GetInt32() == 0, "ready before the socket answered: " + result);
        Assert.Equal(0, result.GetProperty("exit").GetInt32());
    }

    [Fact]
    public void With_daemon_the_starting_process_signals_the_ready_fd_after_the_pidfile()
    {
        var result = Run("--daemon", "--pidfile", "{folder}/pid");
        Assert.Equal("\n", result.GetProperty("data").GetString());
        Assert.True(result.GetProperty("ping").GetInt32() == 0, "ready before the socket answered: " + result);
        Assert.Equal(0, result.GetProperty("parent_exit").GetInt32());
    }

    [Fact]
    public void Ready_fd_that_is_not_open_is_refused_at_start()
    {
        string folder = ServiceProcess.NewFolder();
        try
        {
            var run = Tool.Run(Repo.DaemonBinary, "--socket", Path.Combine(folder, "sock"), "--ready-fd", "97");
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("--ready-fd 97: not an open descriptor", run.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "sock")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("2")]
    [InlineData("x")]
    public void Ready_fd_option_needs_a_descriptor_above_stdio(string value)
    {
        var run = Tool.Run(Repo.DaemonBinary, "--ready-fd", value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--ready-fd needs a descriptor number of 3 or more (0-2 are stdio), got '{value}'", run.Stderr, StringComparison.Ordinal);
    }
}
