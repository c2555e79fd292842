namespace CgManager.Client;

/// <summary>How <see cref="CgManagerClient.ConnectAsync(CgManagerClientOptions, CancellationToken)"/> connects and calls.</summary>
public sealed record CgManagerClientOptions
{
    /// <summary>The daemon's socket; null means <see cref="CgManagerClient.DefaultSocketPath"/> (<c>$CGM_SOCKET</c> or the standard path).</summary>
    public string? SocketPath { get; init; }

    /// <summary>When the typed methods use the Scm form; <see cref="ScmMode.Auto"/> by default.</summary>
    public ScmMode ScmMode { get; init; } = ScmMode.Auto;

    /// <summary>Time allowed for the SASL handshake.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Time allowed for each step of an Scm exchange: each kick, the result, and each pid of a task list.
    /// The daemon gives a whole exchange 5 s; cgproxy waits 2 s per step.
    /// </summary>
    public TimeSpan ScmStepTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
