namespace CgManager.Integration.Tests.Infrastructure;

/// <summary>One daemon shared by the tests of a class that only read from it.</summary>
public sealed class DaemonFixture : IDisposable
{
    public DaemonFixture() => Daemon = RunningDaemon.Start();

    public RunningDaemon Daemon { get; }

    public void Dispose() => Daemon.Dispose();
}
