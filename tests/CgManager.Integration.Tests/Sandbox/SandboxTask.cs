using System.Diagnostics;

namespace CgManager.Integration.Tests.Sandbox;

/// <summary>A <c>sleep</c> the test started inside the sandbox; killed by its pid on dispose.</summary>
public sealed class SandboxTask : IDisposable
{
    private readonly CgroupSandbox _sandbox;
    private readonly Process _process;

    internal SandboxTask(CgroupSandbox sandbox, Process process)
    {
        _sandbox = sandbox;
        _process = process;
    }

    /// <summary>cgsandbox, setpriv, env and sh all exec in place: the process we started is the sleep.</summary>
    public int Pid => _process.Id;

    public string PidText => Pid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool HasExited => _process.HasExited;

    internal void WaitUntilSleeping()
    {
        bool sleeping = CgroupSandbox.Eventually(
            () => _process.HasExited || (File.Exists($"/proc/{Pid}/comm") && File.ReadAllText($"/proc/{Pid}/comm").Trim() == "sleep"),
            TimeSpan.FromSeconds(10));
        Assert.True(sleeping && !_process.HasExited, $"sleep did not start in the sandbox: {(_process.HasExited ? _process.StandardError.ReadToEnd() : "")}");
    }

    /// <summary>The cgroup of this task in a hierarchy, relative to the sandbox.</summary>
    public string? CgroupIn(string hierarchy) => _sandbox.CgroupOf(Pid, hierarchy);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
        _sandbox.Forget(this);
    }
}
