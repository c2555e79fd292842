namespace CgManager.Cli.Commands;

/// <summary>One subcommand: its name, positional arguments (as usage shows them), how many, what it does, and its help.</summary>
internal sealed record Command(
    string Name,
    string Arguments,
    int MinArgs,
    int MaxArgs,
    string Summary,
    string Details,
    Func<CommandContext, Task<int>> Run,
    bool HasJson = false,
    bool Modern = false)
{
    /// <summary>The text of <c>cgm NAME --help</c>.</summary>
    public string Help =>
        $"Usage: cgm [--socket PATH] [--scm MODE] {Name}{(Arguments.Length > 0 ? " " + Arguments : "")}{(HasJson ? " [--json]" : "")}\n{Summary}\n"
        + (Details.Length > 0 ? "\n" + Details.TrimEnd('\n') + "\n" : "");
}
