using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using CgManager.Cli.Output;
using CgManager.Client;

namespace CgManager.Cli.Commands;

/// <summary>
/// <c>cgm top [CGROUP]</c>: the subtree's cgroups sorted by CPU use, refreshed in place like systemd-cgtop, from one
/// GetTree call per refresh (tasks, CPU %, memory, I/O rates, pressure). Rates need two readings, so the first
/// screen shows "-" for them. <c>q</c> quits; <c>--batch</c> prints snapshot after snapshot (for scripts), and
/// <c>--json</c> one object per snapshot; <c>-n N</c> stops after N, <c>-d S</c> sets the interval (default 1 s).
/// </summary>
internal static class TopCommand
{
    private static readonly string[] Wanted = ["pids.current", "cpu.usage", "memory.usage", "io.usage", "pressure.cpu", "pressure.memory", "pressure.io"];

    private sealed record Row(string Cgroup, ulong? Tasks, double? Cpu, ulong? Memory, double? ReadRate, double? WriteRate, double? CpuPsi, double? MemoryPsi, double? IoPsi);

    public static async Task<int> Run(CommandContext c)
    {
        string cgroup = c.Arg(0);
        long iterations = Parse(c.Options.Iterations, "-n", long.MaxValue, v => v >= 1);
        double delay = c.Options.Delay is null ? 1 : double.TryParse(c.Options.Delay, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= 0.1 && d <= 3600
            ? d : throw new UsageException($"cgm top: -d takes seconds from 0.1 to 3600, not '{c.Options.Delay}'");
        bool batch = c.Options.Batch || c.Json || Console.IsOutputRedirected;

        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var client = await c.ClientAsync().ConfigureAwait(false);
        var keys = await ServableAsync(client, cgroup).ConfigureAwait(false);
        Dictionary<string, (ulong Cpu, ulong Read, ulong Write)>? last = null;
        var clock = Stopwatch.StartNew();
        double lastAt = 0;
        for (long i = 0; i < iterations && !stop.IsCancellationRequested; i++)
        {
            var tree = await client.GetTreeAsync(cgroup, keys, -1).ConfigureAwait(false);
            double now = clock.Elapsed.TotalSeconds;
            var counters = tree.ToDictionary(t => t.Cgroup, Counters, StringComparer.Ordinal);
            var rows = tree.Select(t => ToRow(t, counters[t.Cgroup], last, now - lastAt))
                .OrderByDescending(r => r.Cpu ?? -1).ThenBy(r => r.Cgroup, StringComparer.Ordinal).ToList();
            (last, lastAt) = (counters, now);
            if (c.Json)
            {
                WriteJson(c, rows);
            }
            else
            {
                string screen = Render(cgroup, rows, batch ? int.MaxValue : Math.Max(3, SafeWindowHeight() - 2));
                c.Out.Write(batch ? screen + "\n" : "\u001b[H\u001b[2J" + screen);
            }

            c.Out.Flush();
            if (i + 1 < iterations && await WaitAsync(delay, batch, stop.Token).ConfigureAwait(false))
            {
                break; // 'q'
            }
        }

        return Cli.Success;
    }

    private static long Parse(string? text, string option, long fallback, Func<long, bool> valid) =>
        text is null ? fallback
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && valid(v) ? v
        : throw new UsageException($"cgm top: {option} takes a positive number, not '{text}'");

    /// <summary>The keys this host serves for the cgroup (PSI has no v1 form, and so on): the others' columns stay empty.</summary>
    private static async Task<List<string>> ServableAsync(CgManagerClient client, string cgroup)
    {
        var keys = new List<string>();
        foreach (string key in Wanted)
        {
            try
            {
                await client.GetTreeAsync(cgroup, [key], 0).ConfigureAwait(false);
                keys.Add(key);
            }
            catch (CgManagerException e) when (e.Kind is Contract.CgErrorKind.NotSupported or Contract.CgErrorKind.InvalidKey or Contract.CgErrorKind.InvalidController)
            {
            }
        }

        return keys;
    }

    private static (ulong Cpu, ulong Read, ulong Write) Counters(CgroupValues t)
    {
        ulong cpu = Field(t.Values, "cpu.usage", "total_usec") ?? 0;
        ulong read = 0, write = 0;
        if (t.Values.TryGetValue("io.usage", out var io) && io is IReadOnlyDictionary<string, object> devices)
        {
            foreach (var device in devices.Values.OfType<IReadOnlyDictionary<string, object>>())
            {
                read += device.TryGetValue("rbytes", out var r) && r is ulong rb ? rb : 0;
                write += device.TryGetValue("wbytes", out var w) && w is ulong wb ? wb : 0;
            }
        }

        return (cpu, read, write);
    }

    private static Row ToRow(CgroupValues t, (ulong Cpu, ulong Read, ulong Write) now, Dictionary<string, (ulong Cpu, ulong Read, ulong Write)>? last, double seconds)
    {
        double? Rate(Func<(ulong Cpu, ulong Read, ulong Write), ulong> pick) =>
            last is not null && last.TryGetValue(t.Cgroup, out var before) && seconds > 0 && pick(now) >= pick(before)
                ? (pick(now) - pick(before)) / seconds : null;

        bool hasIo = t.Values.ContainsKey("io.usage");
        return new Row(
            t.Cgroup.Length == 0 ? "/" : t.Cgroup,
            t.Values.TryGetValue("pids.current", out var p) && p is ulong tasks ? tasks : null,
            t.Values.ContainsKey("cpu.usage") ? Rate(x => x.Cpu) / 1e4 : null, // µs per s → % of one CPU
            t.Values.TryGetValue("memory.usage", out var m) && m is ulong bytes ? bytes : null,
            hasIo ? Rate(x => x.Read) : null,
            hasIo ? Rate(x => x.Write) : null,
            Some(t.Values, "pressure.cpu"), Some(t.Values, "pressure.memory"), Some(t.Values, "pressure.io"));
    }

    private static ulong? Field(IReadOnlyDictionary<string, object> values, string key, string field) =>
        values.TryGetValue(key, out var v) && v is IReadOnlyDictionary<string, object> record && record.TryGetValue(field, out var f) && f is ulong n ? n : null;

    private static double? Some(IReadOnlyDictionary<string, object> values, string key) =>
        values.TryGetValue(key, out var v) && v is IReadOnlyDictionary<string, object> record && record.TryGetValue("some", out var s)
        && s is IReadOnlyDictionary<string, object> some && some.TryGetValue("avg10", out var a) && a is double avg ? avg : null;

    private static string Render(string cgroup, List<Row> rows, int maxRows)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"cgm top {(cgroup.Length == 0 ? "/" : cgroup)}: {rows.Count} cgroups, sorted by CPU; q quits\n");
        text.Append(CultureInfo.InvariantCulture, $"{"CGROUP",-40} {"TASKS",6} {"%CPU",7} {"MEMORY",8} {"READ/s",8} {"WRITE/s",8} {"PSI cpu",8} {"mem",6} {"io",6}\n");
        foreach (var r in rows.Take(maxRows))
        {
            string name = r.Cgroup.Length > 40 ? "…" + r.Cgroup[^39..] : r.Cgroup;
            text.Append(CultureInfo.InvariantCulture,
                $"{name,-40} {Show(r.Tasks),6} {Show(r.Cpu, "0.0"),7} {ShowBytes(r.Memory),8} {ShowBytes(r.ReadRate),8} {ShowBytes(r.WriteRate),8} {Show(r.CpuPsi, "0.00"),8} {Show(r.MemoryPsi, "0.00"),6} {Show(r.IoPsi, "0.00"),6}\n");
        }

        return text.ToString();
    }

    private static string Show(ulong? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Show(double? v, string format) => v?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

    private static string ShowBytes(ulong? v) => v is { } n ? StatCommand.Bytes(n) : "-";

    private static string ShowBytes(double? v) => v is { } n ? StatCommand.Bytes((ulong)n) : "-";

    private static void WriteJson(CommandContext c, List<Row> rows) => Json.Write(c.Out, w =>
    {
        w.WriteNumber("time", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        w.WriteStartArray("cgroups");
        foreach (var r in rows)
        {
            w.WriteStartObject();
            w.WriteString("cgroup", r.Cgroup);
            Number(w, "tasks", r.Tasks);
            Number(w, "cpu_percent", r.Cpu);
            Number(w, "memory_bytes", r.Memory);
            Number(w, "read_bytes_per_second", r.ReadRate);
            Number(w, "write_bytes_per_second", r.WriteRate);
            Number(w, "pressure_cpu_some_avg10", r.CpuPsi);
            Number(w, "pressure_memory_some_avg10", r.MemoryPsi);
            Number(w, "pressure_io_some_avg10", r.IoPsi);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static void Number(System.Text.Json.Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 3));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Number(System.Text.Json.Utf8JsonWriter w, string name, ulong? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static int SafeWindowHeight()
    {
        try
        {
            return Console.WindowHeight > 0 ? Console.WindowHeight : 24;
        }
        catch (IOException)
        {
            return 24;
        }
    }

    /// <summary>Waits for the next refresh; true when the user pressed q. In batch mode, or without a terminal to read, it only waits.</summary>
    private static async Task<bool> WaitAsync(double seconds, bool batch, CancellationToken token)
    {
        var until = Stopwatch.StartNew();
        bool keys = !batch && !Console.IsInputRedirected;
        while (until.Elapsed.TotalSeconds < seconds && !token.IsCancellationRequested)
        {
            while (keys && Console.KeyAvailable)
            {
                if (Console.ReadKey(intercept: true).KeyChar is 'q' or 'Q')
                {
                    return true;
                }
            }

            try
            {
                await Task.Delay(keys ? 50 : (int)(seconds * 1000), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return false;
    }
}
