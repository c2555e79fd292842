using CgManager.Cli.Output;

namespace CgManager.Cli.Commands;

/// <summary>Subcommands that print: one item per line as the original did, or one JSON object with --json.</summary>
internal static class QueryCommands
{
    public static async Task<int> GetPidCgroup(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        PrintCgroup(c, await client.GetPidCgroupAsync(c.Arg(0), Numbers.Atoi(c.Arg(1))).ConfigureAwait(false));
        return Cli.Success;
    }

    public static async Task<int> GetPidCgroupAbs(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        PrintCgroup(c, await client.GetPidCgroupAbsAsync(c.Arg(0), Numbers.Atoi(c.Arg(1))).ConfigureAwait(false));
        return Cli.Success;
    }

    public static async Task<int> GetValue(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        string value = await client.GetValueAsync(c.Arg(0), c.Arg(1), c.Arg(2)).ConfigureAwait(false);
        if (c.Json)
        {
            Json.Write(c.Out, w => w.WriteString("value", value));
        }
        else
        {
            c.Out.WriteLine(value);
        }

        return Cli.Success;
    }

    public static async Task<int> GetTasks(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        PrintPids(c, await client.GetTasksAsync(c.Arg(0), c.Arg(1)).ConfigureAwait(false));
        return Cli.Success;
    }

    public static async Task<int> GetTasksRecursive(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        PrintPids(c, await client.GetTasksRecursiveAsync(c.Arg(0), c.Arg(1)).ConfigureAwait(false));
        return Cli.Success;
    }

    public static async Task<int> ListChildren(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        PrintLines(c, "children", await client.ListChildrenAsync(c.Arg(0), c.Arg(1)).ConfigureAwait(false));
        return Cli.Success;
    }

    public static async Task<int> ListControllers(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        PrintLines(c, "controllers", await client.ListControllersAsync().ConfigureAwait(false));
        return Cli.Success;
    }

    public static async Task<int> ListKeys(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        var keys = await client.ListKeysAsync(c.Arg(0), c.Arg(1)).ConfigureAwait(false);
        if (c.Json)
        {
            Json.Write(c.Out, w =>
            {
                w.WriteStartArray("keys");
                foreach (var key in keys)
                {
                    w.WriteStartObject();
                    w.WriteString("name", key.Name);
                    w.WriteNumber("uid", key.Uid);
                    w.WriteNumber("gid", key.Gid);
                    w.WriteNumber("mode", key.Mode);
                    w.WriteString("mode_octal", Numbers.Octal(key.Mode));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
            return Cli.Success;
        }

        foreach (var key in keys)
        {
            c.Out.WriteLine($"{key.Name} {Numbers.Decimal(key.Uid)} {Numbers.Decimal(key.Gid)} {Numbers.Octal(key.Mode)}");
        }

        return Cli.Success;
    }

    public static async Task<int> ApiVersion(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        int version = await client.GetApiVersionAsync().ConfigureAwait(false);
        if (c.Json)
        {
            Json.Write(c.Out, w => w.WriteNumber("api_version", version));
        }
        else
        {
            c.Out.WriteLine(Numbers.Decimal(version));
        }

        return Cli.Success;
    }

    private static void PrintCgroup(CommandContext c, string cgroup)
    {
        if (c.Json)
        {
            Json.Write(c.Out, w => w.WriteString("cgroup", cgroup));
        }
        else
        {
            c.Out.WriteLine(cgroup);
        }
    }

    private static void PrintPids(CommandContext c, IReadOnlyList<int> pids)
    {
        if (c.Json)
        {
            Json.Write(c.Out, w => Json.Numbers(w, "pids", pids));
            return;
        }

        foreach (int pid in pids)
        {
            c.Out.WriteLine(Numbers.Decimal(pid));
        }
    }

    private static void PrintLines(CommandContext c, string name, IReadOnlyList<string> items)
    {
        if (c.Json)
        {
            Json.Write(c.Out, w => Json.Strings(w, name, items));
            return;
        }

        foreach (string item in items)
        {
            c.Out.WriteLine(item);
        }
    }
}
