using System.Globalization;
using CgManager.Cli.Output;

namespace CgManager.Cli.Commands;

/// <summary>
/// <c>cgm delegate</c> and <c>cgm undelegate</c> (issue 14): host root gives a cgroup to a user or
/// service account with the layout pam_cgm gives logins (Manager1.Delegate).
/// </summary>
internal static class DelegateCommands
{
    public static async Task<int> Delegate(CommandContext c)
    {
        var (uid, gid) = Accounts.Resolve(c.Arg(1));
        string? session = null;
        int? pid = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in c.Args.Skip(2))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"cgm delegate: expected session=NAME, pid=PID or KEY=VALUE, not '{pair}'");
            }

            string name = pair[..eq], value = pair[(eq + 1)..];
            switch (name)
            {
                case "session":
                    session = value;
                    break;
                case "pid":
                    pid = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p > 0
                        ? p : throw new UsageException($"cgm delegate: pid must be a positive number, not '{value}'");
                    break;
                default:
                    if (!values.TryAdd(name, value))
                    {
                        throw new UsageException($"cgm delegate: {name} given twice");
                    }

                    break;
            }
        }

        var client = await c.ClientAsync().ConfigureAwait(false);
        string path = await client.DelegateAsync(c.Arg(0), uid, gid, session, values, pid).ConfigureAwait(false);
        if (c.Json)
        {
            Json.Write(c.Out, w => w.WriteString("path", path));
        }
        else
        {
            c.Out.WriteLine(path);
        }

        return Cli.Success;
    }

    public static async Task<int> Undelegate(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        foreach (string removed in await client.UndelegateAsync(c.Arg(0), c.Arg(1)).ConfigureAwait(false))
        {
            c.Out.WriteLine(removed);
        }

        return Cli.Success;
    }
}
