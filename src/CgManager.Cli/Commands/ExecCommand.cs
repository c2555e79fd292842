using CgManager.Linux;

namespace CgManager.Cli.Commands;

/// <summary>
/// <c>cgm exec CONTROLLERS CGROUP -- COMMAND...</c> (the RFC's cgexec): MovePid with our own pid, then
/// execvp, so the command starts inside the cgroup with cgm's pid; nothing is left running around it.
/// </summary>
internal static class ExecCommand
{
    /// <summary>What a shell exits with when it cannot find a command.</summary>
    public const int NotFound = 127;

    /// <summary>What a shell exits with when it found the command but could not run it.</summary>
    public const int NotExecutable = 126;

    public static async Task<int> Run(CommandContext c)
    {
        if (c.Trailing.Count == 0)
        {
            throw new UsageException("cgm exec: no command given after '--' (cgm exec CONTROLLER CGROUP -- COMMAND [ARG]...)");
        }

        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.MovePidAsync(c.Arg(0), c.Arg(1), Environment.ProcessId).ConfigureAwait(false);
        c.CloseClient(); // exec keeps no fds of ours (all O_CLOEXEC), but the socket should close now, not later
        c.Out.Flush();
        c.Err.Flush();
        try
        {
            Sys.ExecVp(c.Trailing);
            return Cli.Failure; // not reached: ExecVp returns only by throwing
        }
        catch (LinuxException e)
        {
            c.Err.WriteLine($"cgm exec: cannot run '{c.Trailing[0]}': {e.Errno.Describe()}");
            return e.Errno == Errno.ENOENT ? NotFound : NotExecutable;
        }
    }
}
