namespace CgManager.Bench.Client;

/// <summary>The calls of the cycle and of Ping, as any client library makes them: one connection, one thread.</summary>
internal interface ICycleClient : IDisposable
{
    void Ping();

    /// <summary>Create(controller, cgroup) → existed.</summary>
    int Create(string controller, string cgroup);

    void SetValue(string controller, string cgroup, string key, string value);

    string GetValue(string controller, string cgroup, string key);

    void MovePid(string controller, string cgroup, int pid);

    /// <summary>Remove(controller, cgroup, recursive) → existed.</summary>
    int Remove(string controller, string cgroup, bool recursive);
}
