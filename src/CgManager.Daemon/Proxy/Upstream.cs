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

    /// <summary>Runs <paramref name="call"/> on the current connection; a dropped connection is replaced and the call tried once more.</summary>
    public T Call<T>(Func<CgManagerClient, Task<T>> call)
    {
        for (int attempt = 0; ; attempt++)
        {
            var client = Connect();
            try
            {
                return call(client).GetAwaiter().GetResult();
            }
            catch (CgManagerException e) when (attempt == 0 && IsConnectionLost(e))
            {
                Drop(client);
            }
        }
    }

    public void Call(Func<CgManagerClient, Task> call) => Call(async c =>
    {
        await call(c).ConfigureAwait(false);
        return true;
    });

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

    private static bool IsConnectionLost(CgManagerException e) =>
        e.ErrorName is CgManagerErrorNames.Disconnected or CgManagerErrorNames.NoServer or CgManagerErrorNames.FileNotFound
            or CgManagerErrorNames.Timeout;
}
