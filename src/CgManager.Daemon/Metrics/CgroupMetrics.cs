using System.Diagnostics;
using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Keys;
using CgManager.Core.Operations;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Metrics;

/// <summary>
/// Per-cgroup usage for --metrics, under cAdvisor's metric names and its <c>id</c> label (the cgroup's path as the
/// daemon sees it), so dashboards made for cAdvisor work. Read with the same GetTree the API serves, as the daemon
/// itself (host root in its own cgroup), over --metrics-subtree. Keys a host cannot serve (PSI on pure v1...) are
/// found once per scrape on the subtree's top and left out, not failed.
/// </summary>
internal sealed class CgroupMetrics(CgroupService service, ProcessFacts facts, string subtree)
{
    private static readonly string[] Keys = ["cpu.usage", "memory.usage", "memory.working_set", "pids.current", "pressure.cpu", "pressure.memory", "pressure.io"];

    private long _failures;

    public void Write(MetricsText text)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<TreeEntry> tree;
        try
        {
            var self = Self();
            tree = service.Tree.GetTree(self, subtree, Servable(self), depth: -1);
        }
        catch (Exception e) when (e is CgException or LinuxException)
        {
            if (Interlocked.Increment(ref _failures) == 1)
            {
                Log.Warning($"metrics: cannot read the cgroups of {(subtree.Length == 0 ? "the daemon's tree" : subtree)}: {e.Message}");
            }

            tree = [];
        }

        Family(text, tree, "container_cpu_usage_seconds_total", "counter", "CPU time used by the cgroup's tasks.", v => Micros(v, "cpu.usage", "total_usec"));
        Family(text, tree, "container_cpu_user_seconds_total", "counter", "User CPU time of the cgroup's tasks.", v => Micros(v, "cpu.usage", "user_usec"));
        Family(text, tree, "container_cpu_system_seconds_total", "counter", "System CPU time of the cgroup's tasks.", v => Micros(v, "cpu.usage", "system_usec"));
        Family(text, tree, "container_memory_usage_bytes", "gauge", "Memory charged to the cgroup.", v => Number(v, "memory.usage"));
        Family(text, tree, "container_memory_working_set_bytes", "gauge", "Memory usage less inactive file cache.", v => Number(v, "memory.working_set"));
        Family(text, tree, "container_threads", "gauge", "Tasks in the cgroup (pids.current).", v => Number(v, "pids.current"));
        foreach (string resource in (string[])["cpu", "memory", "io"])
        {
            Family(text, tree, $"container_pressure_{resource}_waiting_seconds_total", "counter",
                $"Time some tasks of the cgroup waited on {resource} (PSI some).", v => Micros(v, "pressure." + resource, "some", "total"));
            Family(text, tree, $"container_pressure_{resource}_stalled_seconds_total", "counter",
                $"Time all tasks of the cgroup stalled on {resource} (PSI full).", v => Micros(v, "pressure." + resource, "full", "total"));
        }

        text.Family("cgmanager_cgroup_scrape_seconds", "gauge", "Time the last scrape took to read the cgroups.");
        text.Sample("cgmanager_cgroup_scrape_seconds", clock.Elapsed.TotalSeconds);
        text.Family("cgmanager_cgroup_scrape_cgroups", "gauge", "Cgroups the last scrape read.");
        text.Sample("cgmanager_cgroup_scrape_cgroups", tree.Count);
    }

    /// <summary>The daemon as a requestor: host root, in its own cgroups.</summary>
    private Caller Self()
    {
        int pid = Environment.ProcessId;
        var cgroups = facts.CgroupsOf(pid);
        var me = new PeerCredentials(pid, 0, 0);
        return new Caller(ProcessFacts.RequestorOf(me, facts.IdentityOf(pid)), cgroups, me, cgroups, CallStyle.Plain);
    }

    private List<string> Servable(Caller self)
    {
        var keys = new List<string>();
        foreach (string key in Keys)
        {
            try
            {
                service.Values.GetValues(self, subtree, [key]);
                keys.Add(key);
            }
            catch (CgException e) when (e.Kind is CgErrorKind.NotSupported or CgErrorKind.InvalidKey or CgErrorKind.InvalidController or CgErrorKind.Failed)
            {
                // not on this host's versions: the family is left empty
            }
        }

        return keys;
    }

    private static void Family(MetricsText text, IReadOnlyList<TreeEntry> tree, string name, string type, string help, Func<IReadOnlyList<KeyValuePair<string, KeyValue>>, double?> value)
    {
        text.Family(name, type, help);
        foreach (var entry in tree)
        {
            if (value(entry.Values) is { } v)
            {
                text.Sample(name, v, ("id", "/" + entry.Cgroup.Trim('/')));
            }
        }
    }

    private static KeyValue? Find(IReadOnlyList<KeyValuePair<string, KeyValue>> values, string key) =>
        values.FirstOrDefault(p => p.Key == key).Value;

    private static double? Number(IReadOnlyList<KeyValuePair<string, KeyValue>> values, string key) =>
        Find(values, key) is { IsNumber: true } v ? v.Number : null;

    /// <summary>A field (nested through <paramref name="path"/>) in µs, as seconds.</summary>
    private static double? Micros(IReadOnlyList<KeyValuePair<string, KeyValue>> values, string key, params string[] path)
    {
        var v = Find(values, key);
        foreach (string field in path)
        {
            v = v is { IsFields: true } record ? record.Field(field) : null;
        }

        return v is { IsNumber: true } n ? n.Number / 1e6 : null;
    }
}
