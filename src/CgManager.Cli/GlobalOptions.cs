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

    /// <summary><c>kill -s SIGNAL</c>: a name (TERM, SIGKILL) or a number; null for the default, TERM.</summary>
    public string? Signal { get; set; }

    /// <summary><c>watch --count N</c>: stop after N events; null to watch until interrupted.</summary>
    public string? Count { get; set; }

    /// <summary>cgm top: print snapshots one after another instead of refreshing a screen.</summary>
    public bool Batch { get; set; }

    /// <summary>cgm top: how many refreshes (-n N).</summary>
    public string? Iterations { get; set; }

    /// <summary>cgm top: seconds between refreshes (-d S).</summary>
    public string? Delay { get; set; }

    /// <summary><c>-v</c>: say what was done (kill: how many tasks; watch: when the watch is in place, on stderr).</summary>
    public bool Verbose { get; set; }
}
