using CgManager.DBus.Server;

namespace CgManager.Daemon;

/// <summary>
/// Gives memory back once a burst of requests is over. The GC sizes its young generation for the
/// CPU's cache, tens of MB that stay resident after a load; a daemon that idles for most of its
/// life should not keep them. After activity, when the last client disconnects or a whole
/// interval passes without a request, one aggressive collection decommits what the burst left.
/// </summary>
internal sealed class IdleTrimmer : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AfterLastClient = TimeSpan.FromMilliseconds(100);

    private readonly Dispatcher _dispatcher;
    private readonly ITimer _timer;
    private long _lastSeen;
    private bool _dirty;
    private volatile bool _lastClientGone;

    public IdleTrimmer(Dispatcher dispatcher, TimeProvider? time = null)
    {
        _dispatcher = dispatcher;
        _timer = (time ?? TimeProvider.System).CreateTimer(_ => Tick(), null, Interval, Interval);
    }

    /// <summary>The last client left: trim shortly, without waiting for a quiet interval.</summary>
    public void OnLastClientGone()
    {
        _lastClientGone = true;
        _timer.Change(AfterLastClient, Interval);
    }

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        long now = _dispatcher.DispatchedCount;
        bool busy = now != _lastSeen;
        _lastSeen = now;
        _dirty |= busy;
        if (busy && !_lastClientGone)
        {
            return;
        }

        _lastClientGone = false;
        if (_dirty)
        {
            _dirty = false;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }
}
