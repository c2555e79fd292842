using CgManager.Cli.Output;
using CgManager.Client;

namespace CgManager.Cli.Commands;

/// <summary>Subcommands that change something; silent on success except the two 'existed' notes of the original.</summary>
internal static class ActionCommands
{
    public static async Task<int> Ping(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.PingAsync().ConfigureAwait(false);
        return Cli.Success;
    }

    public static async Task<int> Create(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        var result = await client.CreateAsync(c.Arg(0), c.Arg(1)).ConfigureAwait(false);
        if (c.Json)
        {
            Json.Write(c.Out, w => w.WriteBoolean("existed", result == CreateResult.Existed));
        }
        else if (result == CreateResult.Existed)
        {
            c.Out.WriteLine("Path existed");
        }

        return Cli.Success;
    }

    public static async Task<int> Chown(CommandContext c)
    {
        int uid = Numbers.ParseId(c.Arg(2)), gid = Numbers.ParseId(c.Arg(3));
        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.ChownAsync(c.Arg(0), c.Arg(1), uid, gid).ConfigureAwait(false);
        return Cli.Success;
    }

    public static async Task<int> Chmod(CommandContext c)
    {
        int mode = Numbers.ParseMode(c.Arg(2));
        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.ChmodAsync(c.Arg(0), c.Arg(1), "", mode).ConfigureAwait(false);
        return Cli.Success;
    }

    public static async Task<int> ChmodFile(CommandContext c)
    {
        int mode = Numbers.ParseMode(c.Arg(3));
        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.ChmodAsync(c.Arg(0), c.Arg(1), c.Arg(2), mode).ConfigureAwait(false);
        return Cli.Success;
    }

    public static async Task<int> Remove(CommandContext c)
    {
        // the original: recursive unless the third argument is literally "0"
        bool recursive = c.Arg(2, "1") != "0";
        var client = await c.ClientAsync().ConfigureAwait(false);
        var result = await client.RemoveAsync(c.Arg(0), c.Arg(1), recursive).ConfigureAwait(false);
        if (c.Json)
        {
            Json.Write(c.Out, w => w.WriteBoolean("existed", result == RemoveResult.Removed));
        }
        else if (result == RemoveResult.DidNotExist)
        {
            c.Out.WriteLine("Path did not exist");
        }

        return Cli.Success;
    }

    public static async Task<int> RemoveOnEmpty(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.RemoveOnEmptyAsync(c.Arg(0), c.Arg(1)).ConfigureAwait(false);
        return Cli.Success;
    }

    public static async Task<int> Prune(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.PruneAsync(c.Arg(0), c.Arg(1)).ConfigureAwait(false);
        return Cli.Success;
    }

    public static async Task<int> MovePid(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.MovePidAsync(c.Arg(0), c.Arg(1), Numbers.Atoi(c.Arg(2))).ConfigureAwait(false);
        return Cli.Success;
    }

    public static async Task<int> MovePidAbs(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.MovePidAbsAsync(c.Arg(0), c.Arg(1), Numbers.Atoi(c.Arg(2))).ConfigureAwait(false);
        return Cli.Success;
    }

    public static async Task<int> SetValue(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.SetValueAsync(c.Arg(0), c.Arg(1), c.Arg(2), c.Arg(3)).ConfigureAwait(false);
        return Cli.Success;
    }
}
