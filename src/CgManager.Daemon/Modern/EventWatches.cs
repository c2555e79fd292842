using CgManager.Core.Operations;
using CgManager.DBus;
using CgManager.DBus.Server;

namespace CgManager.Daemon.Modern;

/// <summary>
/// Manager1.Watch: per connection, the events it asked for; a sampler sends an Event signal to
/// that connection whenever a value changes. Bounded per connection and dropped when it closes.
/// Sampling every <see cref="Interval"/> serves v1 and v2 alike (v1 has no change notification
/// for most of these files without a release agent or eventfds of its own).
/// </summary>
internal sealed class EventWatches : IDisposable
{
    /// <summary>Watched events one connection may hold.</summary>
    public const int MaxPerConnection = 64;

    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<ServerConnection, List<Watch>> _watches = [];
    private readonly Lock _lock = new();
    private readonly Timer _timer;

    public EventWatches() => _timer = new Timer(_ => Sample(), null, Interval, Interval);

    private sealed class Watch(EventProbe probe)
    {
        public EventProbe Probe { get; } = probe;

        public object? Last { get; set; } = probe.Sample();

        /// <summary>True once a failure to sample it was logged; cleared when a sample succeeds again.</summary>
        public bool FailureLogged { get; set; }
    }

    public void Add(ServerConnection connection, IReadOnlyList<EventProbe> probes)
    {
        lock (_lock)
        {
            if (!_watches.TryGetValue(connection, out var list))
            {
                _watches[connection] = list = [];
            }

            if (list.Count + probes.Count > MaxPerConnection)
            {
                throw new DBusErrorException(DBusErrorNames.LimitsExceeded, $"a connection may watch at most {MaxPerConnection} events");
            }

            list.RemoveAll(w => probes.Any(p => p.Cgroup == w.Probe.Cgroup && p.Event == w.Probe.Event));
            list.AddRange(probes.Select(p => new Watch(p)));
        }
    }

    public void Remove(ServerConnection connection, string cgroup)
    {
        lock (_lock)
        {
            if (_watches.TryGetValue(connection, out var list))
            {
                list.RemoveAll(w => w.Probe.Cgroup == cgroup);
            }
        }
    }

    public void Drop(ServerConnection connection)
    {
        lock (_lock)
        {
            _watches.Remove(connection);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        KeyValuePair<ServerConnection, Watch[]>[] snapshot;
        lock (_lock)
        {
            snapshot = _watches.Select(kv => new KeyValuePair<ServerConnection, Watch[]>(kv.Key, [.. kv.Value])).ToArray();
        }

        foreach (var (connection, watches) in snapshot)
        {
            foreach (var watch in watches)
            {
                object? now;
                try
                {
                    now = watch.Probe.Sample();
                    watch.FailureLogged = false;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A timer callback must never throw; the watch is sampled again next tick, and logged once.
                    if (!watch.FailureLogged)
                    {
                        watch.FailureLogged = true;
                        Log.Warning($"watch: cannot sample {watch.Probe.Event} of {watch.Probe.Cgroup} (will keep trying): {e.Message}");
                    }

                    continue;
                }

                if (now is null || Equals(now, watch.Last))
                {
                    continue;
                }

                watch.Last = now;
                Emit(connection, watch.Probe, now);
            }
        }
    }

    private static void Emit(ServerConnection connection, EventProbe probe, object value)
    {
        var writer = new MessageWriter();
        writer.WriteString(probe.Cgroup);
        writer.WriteString(probe.Event);
        if (value is bool b)
        {
            writer.WriteVariant("b", b);
        }
        else
        {
            writer.WriteVariant("t", value);
        }

        try
        {
            connection.Send(Message.CreateSignal(CompatInterface.ObjectPath, ModernInterface.Name, "Event", "ssv", writer.WrittenMemory.ToArray()));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or TimeoutException)
        {
            // The connection is going; its watches go with it when it closes.
        }
    }
}
