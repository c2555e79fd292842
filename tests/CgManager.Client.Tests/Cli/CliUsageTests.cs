using CgManager.Client.Tests.Infrastructure;

namespace CgManager.Client.Tests.Cli;

/// <summary>What cgm does before it reaches a daemon, or without one: usage, help, version, argument errors, connection errors.</summary>
public sealed class CliUsageTests
{
    private static RunResult Cgm(params string[] args) => Run.Program(TestPaths.Cgm, args);

    private static readonly string[] Subcommands =
    [
        "ping", "create", "chown", "chmod", "chmodfile", "remove", "removeonempty", "prune", "movepid", "movepidabs",
        "getpidcgroup", "getpidcgroupabs", "getvalue", "setvalue", "gettasks", "gettasksrecursive", "listchildren",
        "listcontrollers", "listkeys", "apiversion", "tree", "exec", "freeze", "thaw", "kill", "set", "get", "watch",
    ];

    public static TheoryData<string> SubcommandNames => new(Subcommands);

    [Fact]
    public void No_daemon_is_a_connection_error_naming_the_socket()
    {
        var result = Cgm("--socket", "/nonexistent/cgm/sock", "ping");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("Failed opening dbus connection: org.freedesktop.DBus.Error.FileNotFound: Failed to connect to socket /nonexistent/cgm/sock: No such file or directory\n", result.Stderr);
    }

    [Fact]
    public void CGM_SOCKET_chooses_the_socket()
    {
        var result = Run.Program(TestPaths.Cgm, ["listcontrollers"], new Dictionary<string, string> { ["CGM_SOCKET"] = "/nonexistent/env/sock" });
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/nonexistent/env/sock", result.Stderr);
    }

    [Fact]
    public void No_arguments_prints_usage_and_exits_1()
    {
        var result = Cgm();
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Usage: cgm ", result.Stdout);
    }

    [Fact]
    public void Help_prints_usage_and_exits_1_as_the_old_client_did()
    {
        var result = Cgm("--help");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Usage: cgm ", result.Stdout);
        Assert.Contains("accept 'all' or a comma-separated list", result.Stdout);
        foreach (string name in Subcommands)
        {
            Assert.Contains("\n  " + name, result.Stdout);
        }
    }

    [Fact]
    public void Version_prints_the_version_without_a_newline()
    {
        var result = Cgm("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0.1.0", result.Stdout);
    }

    [Fact]
    public void An_unknown_command_prints_its_name_and_usage_on_stdout_and_exits_1()
    {
        var result = Cgm("frobnicate");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Unknown command: frobnicate\nUsage: cgm ", result.Stdout);
    }

    [Theory]
    [MemberData(nameof(SubcommandNames))]
    public void Every_subcommand_has_help(string name)
    {
        var result = Cgm(name, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"Usage: cgm [--socket PATH] [--scm MODE] {name}", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void A_wrong_argument_count_says_what_was_expected_and_exits_1()
    {
        var result = Cgm("create", "memory");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("cgm create: expected 2 arguments (CONTROLLER CGROUP), got 1\n", result.Stderr);
        Assert.StartsWith("Usage: cgm [--socket PATH] [--scm MODE] create", result.Stdout);
    }

    [Theory]
    [InlineData("cgm set: expected KEY=VALUE, not 'memory.limit'\n", "set", "x", "memory.limit")]
    [InlineData("cgm set: expected KEY=VALUE, not '=1'\n", "set", "x", "=1")]
    [InlineData("cgm set: cpu.weight given twice\n", "set", "x", "cpu.weight=1", "cpu.weight=2")]
    [InlineData("cgm kill: unknown signal 'BOGUS'\n", "kill", "-s", "BOGUS", "x")]
    [InlineData("cgm kill: unknown signal '0'\n", "kill", "-s", "0", "x")]
    [InlineData("cgm watch: --count takes a positive number, not '0'\n", "watch", "--count", "0", "x", "populated")]
    [InlineData("cgm get: option -s applies to kill only\n", "get", "-s", "KILL", "x", "pids.max")]
    [InlineData("cgm kill: option --count applies to watch only\n", "kill", "--count", "1", "x")]
    [InlineData("cgm freeze: option -v applies to kill and watch only\n", "freeze", "-v", "x")]
    public void Modern_command_arguments_are_checked_before_connecting(string stderr, params string[] args)
    {
        var result = Cgm(["--socket", "/nonexistent/sock", .. args]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(stderr, result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Set_without_values_says_it_expects_at_least_2_arguments()
    {
        var result = Cgm("set", "x");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("cgm set: expected at least 2 arguments (CGROUP KEY=VALUE...), got 1\n", result.Stderr);
    }

    [Fact]
    public void Bad_ids_are_refused_before_connecting()
    {
        var result = Cgm("--socket", "/nonexistent/sock", "chown", "memory", "x", "abc", "0");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Bad uid or gid\n", result.Stderr);
    }

    [Fact]
    public void Exec_without_a_command_is_an_error()
    {
        var result = Cgm("--socket", "/nonexistent/sock", "exec", "memory", "x");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("cgm exec: no command given", result.Stderr);
    }

    [Fact]
    public void An_unknown_option_is_an_error()
    {
        var result = Cgm("--frob", "ping");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("cgm: unknown option '--frob'", result.Stderr);
    }
}
