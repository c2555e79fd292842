using System.Text;
using CgManager.Cli.Commands;
using CgManager.Client;

namespace CgManager.Cli;

/// <summary>
/// The command line of <c>cgm</c>: argument-compatible with cgmanager 0.42's client (spec §8: the same
/// subcommands, arguments, output and exit status 0/1), plus <c>exec</c>, <c>tree</c>, <c>--json</c>,
/// <c>--socket</c>, <c>--scm</c> and per-command <c>--help</c>.
/// </summary>
internal static class Cli
{
    public const int Success = 0;
    public const int Failure = 1;

    public static async Task<int> RunAsync(IReadOnlyList<string> argv, TextWriter stdout, TextWriter stderr)
    {
        var options = new GlobalOptions();
        var positional = new List<string>();
        var trailing = new List<string>();
        if (!TryParse(argv, options, positional, trailing, out string? error, out bool version))
        {
            stderr.WriteLine("cgm: " + error);
            stderr.WriteLine("Try 'cgm --help'.");
            return Failure;
        }

        if (version)
        {
            stdout.Write(Usage.Version); // no newline, as the original
            return Success;
        }

        if (positional.Count == 0)
        {
            // the original printed usage and failed for --help as well as for no arguments at all
            stdout.Write(Usage.Text);
            return Failure;
        }

        string name = positional[0];
        if (!CommandTable.ByName.TryGetValue(name, out var command))
        {
            stdout.WriteLine($"Unknown command: {name}");
            stdout.Write(Usage.Text);
            return Failure;
        }

        if (options.Help)
        {
            stdout.Write(command.Help);
            return Success;
        }

        var args = positional.GetRange(1, positional.Count - 1);
        if (args.Count < command.MinArgs || args.Count > command.MaxArgs)
        {
            stderr.WriteLine($"cgm {name}: expected {Expected(command)}, got {args.Count}");
            stdout.Write(command.Help);
            return Failure;
        }

        if (options.Recursive && name != "remove")
        {
            stderr.WriteLine($"cgm {name}: option -r applies to remove only");
            return Failure;
        }

        if (options.Signal is not null && name != "kill")
        {
            stderr.WriteLine($"cgm {name}: option -s applies to kill only");
            return Failure;
        }

        if (options.Count is not null && name != "watch")
        {
            stderr.WriteLine($"cgm {name}: option --count applies to watch only");
            return Failure;
        }

        if (options.Verbose && name is not ("kill" or "watch"))
        {
            stderr.WriteLine($"cgm {name}: option -v applies to kill and watch only");
            return Failure;
        }

        if (trailing.Count > 0 && name != "exec")
        {
            stderr.WriteLine($"cgm {name}: unexpected arguments after '--'");
            return Failure;
        }

        var context = new CommandContext(args, trailing, options, stdout, stderr);
        try
        {
            return await command.Run(context).ConfigureAwait(false);
        }
        catch (CgManagerException e)
        {
            // the Manager1 commands have no libcgmanager stub to name: their own name and the daemon's reason
            stderr.WriteLine(command.Modern && (e.Method is not null || e.ErrorName == CgManagerErrorNames.Disconnected) ? $"cgm {name}: {e.Message}" : Describe(e));
            return Failure;
        }
        catch (UsageException e)
        {
            stderr.WriteLine(e.Message);
            return Failure;
        }
        finally
        {
            context.CloseClient();
        }
    }

    /// <summary>The old client's wording: the stub it called for a refused call, the D-Bus error for a failed connection.</summary>
    public static string Describe(CgManagerException e) =>
        e.Method is null
            ? $"Failed opening dbus connection: {e.ErrorName}: {e.Message}"
            : $"call to {StubName(e.Method)} failed: {e.Message}";

    /// <summary>Create → cgmanager_create_sync, GetPidCgroupAbs → cgmanager_get_pid_cgroup_abs_sync (the libcgmanager names).</summary>
    public static string StubName(string method)
    {
        if (method == "Get")
        {
            return "cgmanager_get_api_version_sync";
        }

        var name = new StringBuilder("cgmanager_");
        for (int i = 0; i < method.Length; i++)
        {
            if (char.IsUpper(method[i]) && i > 0)
            {
                name.Append('_');
            }

            name.Append(char.ToLowerInvariant(method[i]));
        }

        return name.Append("_sync").ToString();
    }

    private static string Expected(Command command) =>
        (command.MinArgs == command.MaxArgs ? $"{command.MinArgs}"
            : command.MaxArgs == int.MaxValue ? $"at least {command.MinArgs}" : $"{command.MinArgs} to {command.MaxArgs}")
        + $" argument{(command.MaxArgs == 1 ? "" : "s")}" + (command.Arguments.Length > 0 ? $" ({command.Arguments})" : "");

    private static bool TryParse(IReadOnlyList<string> argv, GlobalOptions options, List<string> positional, List<string> trailing,
        out string? error, out bool version)
    {
        error = null;
        version = false;
        for (int i = 0; i < argv.Count; i++)
        {
            string arg = argv[i];
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is int eq and > 2)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "--":
                    trailing.AddRange(argv.Skip(i + 1));
                    return true;
                case "--json":
                    options.Json = true;
                    break;
                case "-h" or "--help":
                    options.Help = true;
                    break;
                case "--version":
                    version = true;
                    break;
                case "-r" or "--recursive":
                    options.Recursive = true;
                    break;
                case "-v" or "--verbose":
                    options.Verbose = true;
                    break;
                case "-b" or "--batch":
                    options.Batch = true;
                    break;
                case "--socket" or "--scm" or "-s" or "--signal" or "--count" or "-n" or "--iterations" or "-d" or "--delay":
                    string? value = inline ?? (i + 1 < argv.Count ? argv[++i] : null);
                    if (value is null)
                    {
                        error = $"option {arg} needs a value";
                        return false;
                    }

                    if (arg == "--socket")
                    {
                        options.Socket = value;
                    }
                    else if (arg is "-s" or "--signal")
                    {
                        options.Signal = value;
                    }
                    else if (arg == "--count")
                    {
                        options.Count = value;
                    }
                    else if (arg is "-n" or "--iterations")
                    {
                        options.Iterations = value;
                    }
                    else if (arg is "-d" or "--delay")
                    {
                        options.Delay = value;
                    }
                    else if (!TryParseScm(value, out var mode))
                    {
                        error = $"--scm takes auto, always or never, not '{value}'";
                        return false;
                    }
                    else
                    {
                        options.ScmMode = mode;
                    }

                    break;
                default:
                    // a lone '-' and negative numbers (chown's "Bad uid or gid" case) are arguments, not options
                    if (arg.Length > 1 && arg[0] == '-' && !char.IsAsciiDigit(arg[1]))
                    {
                        error = $"unknown option '{argv[i]}'";
                        return false;
                    }

                    positional.Add(argv[i]);
                    break;
            }
        }

        return true;
    }

    private static bool TryParseScm(string value, out ScmMode mode)
    {
        mode = value switch
        {
            "auto" => ScmMode.Auto,
            "always" => ScmMode.Always,
            "never" => ScmMode.Never,
            _ => (ScmMode)(-1),
        };
        return mode >= 0;
    }
}

/// <summary>A bad argument found by a subcommand (after the count check): printed as is, exit 1.</summary>
internal sealed class UsageException : Exception
{
    public UsageException() { }

    public UsageException(string message) : base(message) { }

    public UsageException(string message, Exception inner) : base(message, inner) { }
}
