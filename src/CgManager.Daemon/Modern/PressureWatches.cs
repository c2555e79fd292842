using CgManager.Core.Operations;
using CgManager.DBus;
using CgManager.DBus.Server;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Modern;

/// <summary>
/// Manager1.WatchPressure: PSI triggers (one open pressure file each) per connection, and one thread that polls
/// them all and sends an Event signal ("pressure", value "RESOURCE KIND") to the watching connection each time the
/// kernel reports the stall past its threshold. The thread sleeps in poll(2): no trigger, no wake-up. Each trigger
/// holds an fd, so they are bounded per connection and per uid; they go with the connection, or with Unwatch.
/// </summary>
internal sealed class PressureWatches : IDisposable
{
    public const int MaxPerConnection = 16;
    public const int DefaultMaxPerUid = 32;
    public const int MaxTotal = 1024;

    private readonly Dictionary<ServerConnection, List<PressureTrigger>> _triggers = [];
    private readonly Lock _lock = new();
    private readonly UidShares _shares;
    private readonly UnixSocket _wakeRead;
    private readonly UnixSocket _wakeWrite;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public PressureWatches(int maxPerUid = DefaultMaxPerUid)
    {
        _shares = new UidShares("pressure watches", maxPerUid, MaxTotal, 64);
        (_wakeRead, _wakeWrite) = UnixSocket.CreatePair(UnixSocket.Datagram);
        _thread = new Thread(Run) { IsBackground = true, Name = "pressure" };
        _thread.Start();
    }

    /// <summary>Signals sent since start.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Subscribers dropped because they did not take their events.</summary>
    public long DroppedSubscribers => Interlocked.Read(ref _dropped);

    private long _delivered;
    private long _dropped;

    public void Add(ServerConnection connection, PressureTrigger trigger)
    {
        lock (_lock)
        {
            if (!_triggers.TryGetValue(connection, out var list))
            {
                list = [];
            }

            if (list.Count >= MaxPerConnection)
            {
                trigger.Dispose();
                throw new DBusErrorException(DBusErrorNames.LimitsExceeded, $"a connection may hold at most {MaxPerConnection} pressure watches");
            }

            if (!_shares.TryTake(connection.Peer.Uid, 1, out string refusal))
            {
                trigger.Dispose();
                throw new DBusErrorException(DBusErrorNames.LimitsExceeded, $"too many pressure watches: {refusal}");
            }

            list.Add(trigger);
            _triggers[connection] = list;
        }

        Wake();
    }

    /// <summary>Unwatch(cgroup): the connection's pressure watches of that cgroup.</summary>
    public void Remove(ServerConnection connection, string cgroup) => Take(connection, t => t.Cgroup == cgroup);

    public void Drop(ServerConnection connection) => Take(connection, _ => true);

    public void Dispose()
    {
        _stopping = true;
        Wake();
        _thread.Join(TimeSpan.FromSeconds(2));
        lock (_lock)
        {
            foreach (var trigger in _triggers.Values.SelectMany(l => l))
            {
                trigger.Dispose();
            }

            _triggers.Clear();
        }

        _wakeRead.Dispose();
        _wakeWrite.Dispose();
    }

    private void Take(ServerConnection connection, Func<PressureTrigger, bool> which)
    {
        List<PressureTrigger> gone;
        lock (_lock)
        {
            if (!_triggers.TryGetValue(connection, out var list))
            {
                return;
            }

            gone = list.Where(which).ToList();
            list.RemoveAll(t => which(t));
            if (list.Count == 0)
            {
                _triggers.Remove(connection);
            }

            _shares.Give(connection.Peer.Uid, gone.Count);
        }

        Wake();
        foreach (var trigger in gone)
        {
            trigger.Dispose(); // the poll thread holds a reference for its call, so the fd number is not reused under it
        }
    }

    private void Wake()
    {
        try
        {
            _wakeWrite.SendOnce([1], null, null);
        }
        catch (LinuxException)
        {
            // the socket buffer is full of wake-ups already: the thread will look anyway
        }
    }

    private void Run()
    {
        var drain = new byte[64];
        while (!_stopping)
        {
            List<(ServerConnection Connection, PressureTrigger Trigger)> armed;
            lock (_lock)
            {
                armed = _triggers.SelectMany(p => p.Value.Select(t => (p.Key, t))).ToList();
            }

            try
            {
                var (events, woken) = Sys.PollPriority(armed.Select(a => a.Trigger.Fd).ToList(), _wakeRead.Handle, -1);
                if (woken)
                {
                    _wakeRead.Receive(drain, null, out _);
                }

                for (int i = 0; i < events.Length; i++)
                {
                    Deliver(armed[i].Connection, armed[i].Trigger, events[i]);
                }
            }
            catch (Exception e) when (e is LinuxException or ObjectDisposedException)
            {
                // a trigger closed between the snapshot and the poll: take a new snapshot
                if (!_stopping)
                {
                    Log.Debug($"pressure: {e.Message}");
                }
            }
        }
    }

    private void Deliver(ServerConnection connection, PressureTrigger trigger, Sys.PollEvent what)
    {
        if (what == Sys.PollEvent.Error)
        {
            // the cgroup is gone: the kernel will not report on this file again
            Log.Debug($"pressure watch of {trigger.Cgroup} for {connection.UniqueName}: the cgroup went away");
            Take(connection, t => ReferenceEquals(t, trigger));
            return;
        }

        if (what != Sys.PollEvent.Priority)
        {
            return;
        }

        var writer = new MessageWriter();
        writer.WriteString(trigger.Cgroup);
        writer.WriteString("pressure");
        writer.WriteVariant("s", $"{trigger.Spec.Resource} {trigger.Spec.Kind}");
        if (connection.Post(Message.CreateSignal(Bus.ObjectPath, Manager1Api.Name, Manager1Api.EventSignal, "ssv", writer.WrittenMemory.ToArray())))
        {
            Interlocked.Increment(ref _delivered);
        }
        else
        {
            Interlocked.Increment(ref _dropped);
            Take(connection, _ => true);
            connection.Drop();
        }
    }
}
