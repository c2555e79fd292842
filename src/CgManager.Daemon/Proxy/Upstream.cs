using CgManager.Client;

namespace CgManager.Daemon.Proxy;

/// <summary>
/// The proxy's connection to the host daemon (the "lower" socket). Connects lazily and again
/// after a failure, so that a restarted host daemon is picked up by the next request; only the
/// requests that arrive while it is down fail, each on its own thread, never blocking the rest.
/// </summary>
internal sealed class Upstream : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private readonly string _socketPath;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private CgManagerClient? _client;

    public Upstream(string socketPath) => _socketPath = socketPath;

    public string SocketPath => _socketPath;

    /// <summary>
    /// Runs <paramref name="call"/> on the current connection. A lost connection is replaced, and the call is sent
    /// once more only where that cannot do it twice (<see cref="ResendRule"/>).
    /// </summary>
    /// <param name="call">The upstream call.</param>
    /// <param name="idempotent">True for reads (and Ping): running them twice changes nothing.</param>
    public T Call<T>(Func<CgManagerClient, Task<T>> call, bool idempotent)
    {
        for (int attempt = 0; ; attempt++)
        {
            var client = Connect();
            try
            {
                return call(client).GetAwaiter().GetResult();
            }
            catch (CgManagerException e) when (ResendRule.IsConnectionLost(e.ErrorName))
            {
                Drop(client);
                if (attempt > 0 || !ResendRule.MayResend(e, idempotent))
                {
                    throw;
                }
            }
        }
    }

    public void Call(Func<CgManagerClient, Task> call, bool idempotent) => Call(async c =>
    {
        await call(c).ConfigureAwait(false);
        return true;
    }, idempotent);

    public void Dispose()
    {
        _client?.Dispose();
        _connecting.Dispose();
    }

    private CgManagerClient Connect()
    {
        if (Volatile.Read(ref _client) is { } current)
        {
            return current;
        }

        _connecting.Wait();
        try
        {
            if (_client is null)
            {
                using var timeout = new CancellationTokenSource(ConnectTimeout);
                _client = CgManagerClient.ConnectAsync(new CgManagerClientOptions { SocketPath = _socketPath, ScmMode = ScmMode.Never }, timeout.Token)
                    .GetAwaiter().GetResult();
                Log.Info($"proxy: connected to the host daemon at {_socketPath}");
            }

            return _client;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private void Drop(CgManagerClient client)
    {
        if (Interlocked.CompareExchange(ref _client, null, client) == client)
        {
            Log.Warning($"proxy: lost the host daemon at {_socketPath}; reconnecting");
            client.Dispose();
        }
    }
}
