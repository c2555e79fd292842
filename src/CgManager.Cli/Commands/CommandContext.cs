using CgManager.Client;

namespace CgManager.Cli.Commands;

/// <summary>What a subcommand runs with: its arguments, the output switches, and the client (connected on first use).</summary>
internal sealed class CommandContext(IReadOnlyList<string> args, IReadOnlyList<string> trailing, GlobalOptions options, TextWriter stdout, TextWriter stderr)
{
    private CgManagerClient? _client;

    public IReadOnlyList<string> Args { get; } = args;

    /// <summary>Words after <c>--</c> (the command of <c>cgm exec</c>).</summary>
    public IReadOnlyList<string> Trailing { get; } = trailing;

    public GlobalOptions Options { get; } = options;

    public bool Json => Options.Json;

    public TextWriter Out { get; } = stdout;

    public TextWriter Err { get; } = stderr;

    /// <summary>Positional argument <paramref name="index"/>, or <paramref name="fallback"/> when absent (e.g. the optional cgroup, "").</summary>
    public string Arg(int index, string fallback = "") => index < Args.Count ? Args[index] : fallback;

    public async Task<CgManagerClient> ClientAsync()
    {
        _client ??= await CgManagerClient.ConnectAsync(new CgManagerClientOptions { SocketPath = Options.Socket, ScmMode = Options.ScmMode })
            .ConfigureAwait(false);
        return _client;
    }

    public void CloseClient()
    {
        _client?.Dispose();
        _client = null;
    }
}
