using CgManager.Core.Operations;
using CgManager.DBus;
using CgManager.DBus.Server;

namespace CgManager.Daemon.Modern;

/// <summary>
/// Manager1.Watch: per connection, the events it asked for; a sampler sends an Event signal to
/// that connection whenever a value changes. Bounded per connection and per uid, and dropped when
/// the connection closes. Sampling every <see cref="Interval"/> serves v1 and v2 alike (v1 has no
/// change notification for most of these files without a release agent or eventfds of its own);
/// each distinct source is read once per round however many connections watch it, so the cost
/// follows the distinct cgroups watched, which the per-uid cap bounds. Signals are posted without
/// ever blocking: a subscriber that stops reading is dropped at its send deadline or queue bound,
/// and everyone else's events go on.
/// </summary>
internal sealed class EventWatches : IDisposable
{
    /// <summary>Watched events one connection may hold.</summary>
    public const int MaxPerConnection = 64;

    /// <summary>Watched events all connections of one uid other than root may hold.</summary>
    public const int DefaultMaxPerUid = 256;

    /// <summary>Watched events all connections together may hold (1024 of them reserved for root).</summary>
    public const int MaxTotal = 16384;

    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<ServerConnection, List<Watch>> _watches = [];
    private readonly Lock _lock = new();

    /// <summary>What failed to sample and was logged; cleared when it samples again.</summary>
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private readonly UidShares _shares;
    private int _sampling;

    /// <param name="maxPerUid">Watched events all connections of one uid other than root may hold.</param>
    /// <param name="time">The clock whose timer runs the sampling rounds; null for the system's (tests step a fake one).</param>
    public EventWatches(int maxPerUid = DefaultMaxPerUid, TimeProvider? time = null)
    {
        _shares = new UidShares("watched events", maxPerUid, MaxTotal, 1024);
        _timer = (time ?? TimeProvider.System).CreateTimer(_ => Sample(), null, Interval, Interval);
    }

    /// <summary>Subscribers dropped because they did not take their events.</summary>
    public int DroppedSubscribers => Volatile.Read(ref _dropped);

    /// <summary>Event signals posted to subscribers since start.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    private int _dropped;
    private long _delivered;

    private sealed class Watch(EventProbe probe)
    {
        public EventProbe Probe { get; } = probe;

        public object? Last { get; set; } = probe.Sample();
    }

    public void Add(ServerConnection connection, IReadOnlyList<EventProbe> probes)
    {
        lock (_lock)
        {
            if (!_watches.TryGetValue(connection, out var list))
            {
                list = [];
            }

            int replaced = list.Count(w => probes.Any(p => Same(p, w.Probe)));
            int added = probes.Count - replaced;
            if (list.Count + added > MaxPerConnection)
            {
                throw new DBusErrorException(DBusErrorNames.LimitsExceeded, $"a connection may watch at most {MaxPerConnection} events");
            }

            if (added > 0 && !_shares.TryTake(connection.Peer.Uid, added, out string refusal))
            {
                throw new DBusErrorException(DBusErrorNames.LimitsExceeded, $"too many watched events: {refusal}");
            }

            list.RemoveAll(w => probes.Any(p => Same(p, w.Probe)));
            list.AddRange(probes.Select(p => new Watch(p)));
            _watches[connection] = list;
        }
    }

    public void Remove(ServerConnection connection, string cgroup)
    {
        lock (_lock)
        {
            if (_watches.TryGetValue(connection, out var list))
            {
                _shares.Give(connection.Peer.Uid, list.RemoveAll(w => w.Probe.Cgroup == cgroup));
            }
        }
    }

    public void Drop(ServerConnection connection)
    {
        lock (_lock)
        {
            if (_watches.Remove(connection, out var list))
            {
                _shares.Give(connection.Peer.Uid, list.Count);
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private static bool Same(EventProbe a, EventProbe b) => a.Cgroup == b.Cgroup && a.Event == b.Event;

    /// <summary>One round; a round still running (a slow cgroupfs) makes the next tick skip rather than pile up threads.</summary>
    private void Sample()
    {
        if (Interlocked.Exchange(ref _sampling, 1) != 0)
        {
            return;
        }

        try
        {
            SampleOnce();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.Warning($"event sampling failed: {e.Message}"); // a timer callback must never throw
        }
        finally
        {
            Volatile.Write(ref _sampling, 0);
        }
    }

    private void SampleOnce()
    {
        KeyValuePair<ServerConnection, Watch[]>[] snapshot;
        lock (_lock)
        {
            snapshot = _watches.Select(kv => new KeyValuePair<ServerConnection, Watch[]>(kv.Key, [.. kv.Value])).ToArray();
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (connection, watches) in snapshot)
        {
            if (!connection.Transport.FlushPending())
            {
                DropSubscriber(connection);
                continue;
            }

            foreach (var watch in watches)
            {
                var now = Read(watch.Probe, values);
                if (now is null || Equals(now, watch.Last))
                {
                    continue;
                }

                watch.Last = now;
                if (!connection.Post(Signal(watch.Probe, now)))
                {
                    DropSubscriber(connection);
                    break;
                }

                Interlocked.Increment(ref _delivered);
            }
        }
    }

    /// <summary>A probe's value this round, read once per distinct source.</summary>
    private object? Read(EventProbe probe, Dictionary<string, object?> values)
    {
        if (probe.Source is { } source && values.TryGetValue(source, out var known))
        {
            return known;
        }

        object? now;
        string what = probe.Source ?? $"{probe.Event} of {probe.Cgroup}";
        try
        {
            now = probe.Sample();
            lock (_failing)
            {
                _failing.Remove(what);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A timer callback must never throw: sampled again next tick, and logged once until it works again.
            now = null;
            bool first;
            lock (_failing)
            {
                first = _failing.Add(what);
            }

            if (first)
            {
                Log.Warning($"watch: cannot sample {what} (will keep trying): {e.Message}");
            }
        }

        if (probe.Source is { } key)
        {
            values[key] = now;
        }

        return now;
    }

    /// <summary>Ends a subscriber that does not take its events (one that closed meanwhile is already gone: nothing to do).</summary>
    private void DropSubscriber(ServerConnection connection)
    {
        lock (_lock)
        {
            if (!_watches.Remove(connection, out var list))
            {
                return;
            }

            _shares.Give(connection.Peer.Uid, list.Count);
        }

        Interlocked.Increment(ref _dropped);
        Log.Info($"dropping Watch subscriber {connection.UniqueName} ({connection.Peer}): it does not take its events");
        connection.Drop();
    }

    private static Message Signal(EventProbe probe, object value)
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

        return Message.CreateSignal(Bus.ObjectPath, Manager1Api.Name, Manager1Api.EventSignal, "ssv", writer.WrittenMemory.ToArray());
    }
}
