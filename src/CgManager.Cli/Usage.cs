using System.Text;
using CgManager.Cli.Commands;

namespace CgManager.Cli;

/// <summary>The usage text and version string.</summary>
internal static class Usage
{
    public const string Version = "0.1.0";

    public static string Text { get; } = Build();

    private static string Build()
    {
        var text = new StringBuilder();
        text.Append("Usage: cgm [OPTION]... COMMAND [ARG]...\n");
        text.Append("Talk to the cgroup manager.\n\nCommands:\n");
        foreach (var command in CommandTable.All)
        {
            text.Append("  ").Append(command.Name);
            if (command.Arguments.Length > 0)
            {
                text.Append(' ').Append(command.Arguments);
            }

            text.Append('\n');
        }

        text.Append("""

            create, chown, chmod, chmodfile, remove, prune, removeonempty, gettasksrecursive, movepid,
            movepidabs and exec accept 'all' or a comma-separated list of controllers.
            '' as CGROUP names the caller's own cgroup.

            Options:
              --socket PATH    the manager's socket (default $CGM_SOCKET, else /sys/fs/cgroup/cgmanager/sock)
              --json           print listings and values as one JSON object
              --scm MODE       auto (default), always or never: pass identities as kernel credentials
                               (needed from another pid or user namespace without a proxy)
              -h, --help       this text, or with a COMMAND that command's help
              --version        print the version

            """);
        return text.ToString();
    }
}
