using System.Diagnostics;

namespace CgManager.Integration.Tests.Sandbox;

/// <summary>A <c>sleep</c> the test started inside the sandbox; killed by its pid on dispose.</summary>
public sealed class SandboxTask : IDisposable
{
    private readonly CgroupSandbox _sandbox;
    private readonly Process _process;
    private bool _disposed;

    internal SandboxTask(CgroupSandbox sandbox, Process process)
    {
        _sandbox = sandbox;
        _process = process;
    }

    /// <summary>cgsandbox, setpriv, env and sh all exec in place: the process we started is the sleep.</summary>
    public int Pid => _process.Id;

    public string PidText => Pid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool HasExited => _process.HasExited;

    internal void WaitUntilRunning(string comm)
    {
        bool sleeping = CgroupSandbox.Eventually(
            () => _process.HasExited || (File.Exists($"/proc/{Pid}/comm") && File.ReadAllText($"/proc/{Pid}/comm").Trim() == comm),
            TimeSpan.FromSeconds(10));
        Assert.True(sleeping && !_process.HasExited, $"{comm} did not start in the sandbox: {(_process.HasExited ? _process.StandardError.ReadToEnd() : "")}");
    }

    /// <summary>The cgroup of this task in a hierarchy, relative to the sandbox.</summary>
    public string? CgroupIn(string hierarchy) => _sandbox.CgroupOf(Pid, hierarchy);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
        _sandbox.Forget(this);
    }
}
