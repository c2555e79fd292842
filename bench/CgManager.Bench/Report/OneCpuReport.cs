using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CgManager.Bench.Report;

/// <summary>The PLACEMENT table (libdbus at one connection, free and on one CPU) and its JSON.</summary>
internal static class OneCpuReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Text(StringBuilder t, BenchReport r)
    {
        if (r.OneCpu is not { } one)
        {
            return;
        }

        t.AppendLine(Inv, $"PLACEMENT  libdbus, 1 connection: as above (the kernel places the client), and with the client and every daemon thread on CPU {one.Cpu}");
        t.AppendLine("  a client blocked in poll is woken on an idle CPU when there is one; sharing a CPU, a reply is a switch on that CPU instead");
        TextReport.Row(t, "", "placement", "ops/s", "vs floor", "p50", "p99", "daemon CPU", "bench CPU", "us/op", "");
        Line(t, r, "libdbus Ping", "free", r.Libdbus.PingFor(1));
        Line(t, r, "libdbus Ping", "one CPU", one.Ping);
        Line(t, r, "libdbus cycle", "free", r.Libdbus.CycleFor(1));
        Line(t, r, "libdbus cycle", "one CPU", one.Cycle);
    }

    public static void Json(Utf8JsonWriter w, BenchReport r)
    {
        if (r.OneCpu is not { } one)
        {
            return;
        }

        w.WriteStartObject("one_cpu");
        w.WriteNumber("cpu", one.Cpu);
        w.WritePropertyName("libdbus_ping");
        JsonReport.Load(w, one.Ping, double.NaN);
        w.WritePropertyName("libdbus_cycle");
        JsonReport.Load(w, one.Cycle, r.RatioToFloor(one.Cycle));
        w.WriteEndObject();
    }

    private static void Line(StringBuilder t, BenchReport r, string what, string placement, Load.LoadResult? l)
    {
        if (l is null)
        {
            return;
        }

        string ratio = l.Steps.Count > 1 ? r.RatioToFloor(l).ToString("0.00", Inv) : "-";
        TextReport.Row(t, what, placement, TextReport.Num(l.OpsPerSecond), ratio, TextReport.Us(l.Total.P50Us), TextReport.Us(l.Total.P99Us),
            l.DaemonCpu.ToString("0.00", Inv), l.BenchCpu.ToString("0.00", Inv), TextReport.Us(l.DaemonCpuUsPerOp), "");
    }
}
