using System.Globalization;
using System.Runtime.InteropServices;
using CgManager.Cli.Output;
using CgManager.Client;

namespace CgManager.Cli.Commands;

/// <summary>
/// Subcommands on the modern interface (Manager1): a cgroup is one name across the hierarchies and keys are
/// version-neutral (docs/keys.md). Failures print <c>cgm NAME: REASON</c> with the daemon's reason.
/// </summary>
internal static class ModernCommands
{
    public static async Task<int> Freeze(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.FreezeAsync(c.Arg(0)).ConfigureAwait(false);
        return Cli.Success;
    }

    public static async Task<int> Thaw(CommandContext c)
    {
        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.ThawAsync(c.Arg(0)).ConfigureAwait(false);
        return Cli.Success;
    }

    public static async Task<int> Kill(CommandContext c)
    {
        int signal = Signals.Parse(c.Options.Signal ?? "TERM");
        var client = await c.ClientAsync().ConfigureAwait(false);
        int signalled = await client.KillAsync(c.Arg(0), signal).ConfigureAwait(false);
        if (c.Json)
        {
            Json.Write(c.Out, w => w.WriteNumber("signalled", signalled));
        }
        else if (c.Options.Verbose)
        {
            c.Out.WriteLine($"{Numbers.Decimal(signalled)} task{(signalled == 1 ? "" : "s")} signalled");
        }

        return Cli.Success;
    }

    public static async Task<int> Set(CommandContext c)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in c.Args.Skip(1))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"cgm set: expected KEY=VALUE, not '{pair}'");
            }

            if (!values.TryAdd(pair[..eq], pair[(eq + 1)..]))
            {
                throw new UsageException($"cgm set: {pair[..eq]} given twice");
            }
        }

        var client = await c.ClientAsync().ConfigureAwait(false);
        await client.SetValuesAsync(c.Arg(0), values).ConfigureAwait(false);
        return Cli.Success;
    }

    public static async Task<int> Get(CommandContext c)
    {
        var keys = c.Args.Skip(1).ToArray();
        var client = await c.ClientAsync().ConfigureAwait(false);
        var values = await client.GetValuesAsync(c.Arg(0), keys).ConfigureAwait(false);
        if (c.Json)
        {
            Json.Write(c.Out, w =>
            {
                foreach (var (key, value) in values)
                {
                    w.WriteString(key, value);
                }
            });
            return Cli.Success;
        }

        foreach (var (key, value) in values)
        {
            c.Out.WriteLine($"{key} {value}");
        }

        return Cli.Success;
    }

    public static async Task<int> Watch(CommandContext c)
    {
        long count = long.MaxValue;
        if (c.Options.Count is { } text && (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1))
        {
            throw new UsageException($"cgm watch: --count takes a positive number, not '{text}'");
        }

        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // end the watch and exit 0 instead of dying
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var client = await c.ClientAsync().ConfigureAwait(false);
        var watch = await client.WatchAsync(c.Arg(0), [.. c.Args.Skip(1)]).ConfigureAwait(false);
        await using (watch.ConfigureAwait(false))
        {
            if (c.Options.Verbose)
            {
                c.Err.WriteLine($"cgm watch: watching {c.Arg(0)} for {string.Join(' ', c.Args.Skip(1))}");
                c.Err.Flush();
            }

            long seen = 0;
            await foreach (var e in watch.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (c.Json)
                {
                    Json.Write(c.Out, w =>
                    {
                        w.WriteString("cgroup", e.Cgroup);
                        w.WriteString("event", e.Event);
                        if (e.Value is "true" or "false")
                        {
                            w.WriteBoolean("value", e.Value == "true");
                        }
                        else if (ulong.TryParse(e.Value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
                        {
                            w.WriteNumber("value", n);
                        }
                        else
                        {
                            w.WriteString("value", e.Value);
                        }
                    });
                }
                else
                {
                    c.Out.WriteLine($"{e.Cgroup} {e.Event} {e.Value}");
                }

                c.Out.Flush(); // one line per event, as it happens, also into a pipe
                if (++seen >= count)
                {
                    break;
                }
            }
        }

        return Cli.Success;
    }
}

/// <summary>Signal names and numbers for <c>cgm kill -s</c> (Linux numbering, x86/arm/generic).</summary>
internal static class Signals
{
    private static readonly Dictionary<string, int> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ILL"] = 4, ["TRAP"] = 5, ["ABRT"] = 6, ["IOT"] = 6, ["BUS"] = 7,
        ["FPE"] = 8, ["KILL"] = 9, ["USR1"] = 10, ["SEGV"] = 11, ["USR2"] = 12, ["PIPE"] = 13, ["ALRM"] = 14,
        ["TERM"] = 15, ["STKFLT"] = 16, ["CHLD"] = 17, ["CONT"] = 18, ["STOP"] = 19, ["TSTP"] = 20, ["TTIN"] = 21,
        ["TTOU"] = 22, ["URG"] = 23, ["XCPU"] = 24, ["XFSZ"] = 25, ["VTALRM"] = 26, ["PROF"] = 27, ["WINCH"] = 28,
        ["IO"] = 29, ["POLL"] = 29, ["PWR"] = 30, ["SYS"] = 31,
    };

    /// <summary>TERM, SIGTERM, term or 15; RTMIN+N too. Anything else is a usage error.</summary>
    public static int Parse(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number is > 0 and <= 64)
        {
            return number;
        }

        string name = text.StartsWith("SIG", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        if (ByName.TryGetValue(name, out number))
        {
            return number;
        }

        if (name.StartsWith("RTMIN+", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(name.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out int offset) && 34 + offset <= 64)
        {
            return 34 + offset;
        }

        throw new UsageException($"cgm kill: unknown signal '{text}'");
    }
}
