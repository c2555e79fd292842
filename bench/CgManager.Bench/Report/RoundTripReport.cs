using System.Globalization;
using System.Text;
using System.Text.Json;
using CgManager.Bench.RoundTrip;

namespace CgManager.Bench.Report;

/// <summary>The ROUND-TRIP FLOOR table and its JSON, with the stock clients' Ping set against it.</summary>
internal static class RoundTripReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Text(StringBuilder t, BenchReport r)
    {
        t.AppendLine(Inv, $"ROUND-TRIP FLOOR  a {RoundTripPair.CallBytes}-byte call and a {RoundTripPair.ReplyBytes}-byte reply over a socketpair between two threads of the bench: no D-Bus");
        t.AppendLine("  client waits in poll, server in recvmsg (both block) / polls 50 us then blocks, as the daemon (server polls) / both poll;");
        t.AppendLine("  CPU in cores for both sides together, us/op = that CPU per round trip");
        TextReport.Row(t, "", "pairs", "rtt/s", "p50", "p99", "CPU", "us/op", "errors");
        foreach (var (mode, l) in r.RoundTrips)
        {
            TextReport.Row(t, mode.Label, TextReport.Num(l.Clients), TextReport.Num(l.OpsPerSecond), TextReport.Us(l.Total.P50Us),
                TextReport.Us(l.Total.P99Us), l.BenchCpu.ToString("0.00", Inv), TextReport.Us(l.BenchCpuUsPerOp), TextReport.Num(l.Errors));
        }

        foreach (var lane in r.StockLanes)
        {
            foreach (var ping in lane.Pings)
            {
                double bound = Floor(r, RoundTripMode.ServerSpins, ping.Clients);
                t.AppendLine(Inv, $"  {lane.Label} Ping, {ping.Clients} connection(s): {TextReport.Num(ping.OpsPerSecond)}/s = {ping.OpsPerSecond / bound:0.00} of '{RoundTripMode.ServerSpins.Label}' ({TextReport.Num(bound)}/s)");
            }
        }
    }

    public static void Json(Utf8JsonWriter w, BenchReport r)
    {
        w.WriteStartArray("round_trip_floor");
        foreach (var (mode, l) in r.RoundTrips)
        {
            w.WriteStartObject();
            w.WriteString("mode", mode.Key);
            w.WriteNumber("pairs", l.Clients);
            w.WriteNumber("round_trips", l.Ops);
            JsonReport.Number(w, "seconds", l.Seconds);
            JsonReport.Number(w, "round_trips_per_s", l.OpsPerSecond);
            JsonReport.Number(w, "p50_us", l.Total.P50Us);
            JsonReport.Number(w, "p99_us", l.Total.P99Us);
            JsonReport.Number(w, "max_us", l.Total.MaxUs);
            JsonReport.Number(w, "cpu_cores", l.BenchCpu);
            JsonReport.Number(w, "cpu_us_per_round_trip", l.BenchCpuUsPerOp);
            w.WriteNumber("errors", l.Errors);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static double Floor(BenchReport r, RoundTripMode mode, int pairs) =>
        r.RoundTrips.FirstOrDefault(x => x.Mode == mode && x.Load.Clients == pairs)?.Load.OpsPerSecond ?? double.NaN;
}
