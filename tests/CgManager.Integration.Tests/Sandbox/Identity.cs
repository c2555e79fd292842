namespace CgManager.Integration.Tests.Sandbox;

/// <summary>Who a client (or a task) runs as, as an argv prefix placed after <c>cgsandbox run NAME --</c>.</summary>
public sealed record Identity(string Description, uint HostUid, uint HostGid, IReadOnlyList<string> Prefix)
{
    /// <summary>Host root in the daemon's namespaces.</summary>
    public static Identity Root { get; } = new("host root", 0, 0, []);

    /// <summary>An unprivileged host user (no supplementary groups).</summary>
    public static Identity User(uint uid, uint gid) =>
        new($"uid {uid}", uid, gid, ["setpriv", $"--reuid={uid}", $"--regid={gid}", "--clear-groups", "env", "HOME=/tmp"]);

    /// <summary>
    /// Root of a fresh user namespace made by an unprivileged host user (<c>unshare -U -r</c>): uid 0 inside is
    /// <paramref name="uid"/> outside and nothing else is mapped, as in a rootless container.
    /// </summary>
    public static Identity UserNamespaceRoot(uint uid, uint gid) =>
        new($"root of a user namespace over uid {uid}", uid, gid,
            ["setpriv", $"--reuid={uid}", $"--regid={gid}", "--clear-groups", "unshare", "-U", "-r", "env", "HOME=/tmp"]);

    public override string ToString() => Description;
}
