using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace CgManager.Client;

/// <summary>
/// A watch in place (from <see cref="CgManagerClient.WatchAsync"/>): the Event signals the daemon sends for
/// it, in order. Dispose to drop the watch; the connection closing drops it too.
/// </summary>
public sealed class CgroupWatch : IAsyncDisposable
{
    private readonly ChannelReader<CgroupEvent> _events;
    private readonly Func<Task> _unwatch;
    private int _disposed;

    internal CgroupWatch(string cgroup, ChannelReader<CgroupEvent> events, Func<Task> unwatch)
    {
        Cgroup = cgroup;
        _events = events;
        _unwatch = unwatch;
    }

    /// <summary>The cgroup watched, as it was named.</summary>
    public string Cgroup { get; }

    /// <summary>The events as they arrive, until <paramref name="cancellationToken"/> is cancelled (then it simply ends) or the watch is disposed.</summary>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The events.</returns>
    /// <exception cref="CgManagerException">The connection was lost (<see cref="CgManagerErrorNames.Disconnected"/>).</exception>
    public IAsyncEnumerable<CgroupEvent> ReadAllAsync(CancellationToken cancellationToken = default) => ReadCoreAsync(cancellationToken);

    // a separate iterator keeps the compiler's state machine name out of the public API snapshot
    private async IAsyncEnumerable<CgroupEvent> ReadCoreAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            CgroupEvent next;
            try
            {
                if (!await _events.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }

                if (!_events.TryRead(out next))
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break; // cancelling is how a watch is ended, not a failure
            }

            yield return next;
        }
    }

    /// <summary>Drops the watch (Unwatch; failures are ignored, the connection drops it anyway when it closes).</summary>
    /// <returns>A task that completes when the daemon has answered or given up.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _unwatch().ConfigureAwait(false);
        }
    }
}
