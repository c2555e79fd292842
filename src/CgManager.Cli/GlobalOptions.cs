using CgManager.Client;

namespace CgManager.Cli;

/// <summary>Options that apply to every subcommand; accepted before or after the subcommand's name.</summary>
internal sealed class GlobalOptions
{
    public string? Socket { get; set; }

    public bool Json { get; set; }

    public ScmMode ScmMode { get; set; } = ScmMode.Auto;

    public bool Help { get; set; }

    /// <summary><c>remove -r</c>: recursive (the default already; kept for scripts that say it).</summary>
    public bool Recursive { get; set; }
}
