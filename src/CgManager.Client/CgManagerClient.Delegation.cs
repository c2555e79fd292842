using CgManager.Contract;
using CgManager.DBus;

namespace CgManager.Client;

// Manager1.Delegate / Undelegate (issue 14): host root gives a cgroup to a user as cgroup v2 defines
// delegation, the layout pam_cgm gives each login. docs/org.linuxcontainers.cgmanager.Manager1.xml.
public sealed partial class CgManagerClient
{
    /// <summary>
    /// Delegates <paramref name="cgroup"/> (made if missing, below the caller's cgroup) to <paramref name="uid"/>:<paramref name="gid"/>:
    /// the directory and the kernel's delegation files become theirs, <paramref name="values"/> are its limits and stay root's,
    /// and with a <paramref name="session"/> a leaf inside it is made (and <paramref name="pid"/> moved there). Host root only.
    /// </summary>
    /// <param name="cgroup">The cgroup, relative to the caller's.</param>
    /// <param name="uid">The delegatee's uid, as the caller's user namespace sees it.</param>
    /// <param name="gid">The delegatee's gid.</param>
    /// <param name="session">A leaf to make inside the cgroup, or null.</param>
    /// <param name="values">Limits of the delegated cgroup (version-neutral keys or raw file names), or null.</param>
    /// <param name="pid">A process (the caller's view) to move into the session leaf, or null.</param>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>The session leaf's path, or the cgroup's without a session, relative to the caller's cgroup.</returns>
    public Task<string> DelegateAsync(string cgroup, uint uid, uint gid, string? session = null, IReadOnlyDictionary<string, string>? values = null,
        int? pid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cgroup);
        return CallAsync(Manager1Api.Delegate, w =>
        {
            w.WriteString(cgroup);
            w.WriteUInt32(uid);
            w.WriteUInt32(gid);
            int options = w.WriteArrayStart('{');
            if (session is not null)
            {
                w.WriteStructStart();
                w.WriteString("session");
                w.WriteVariant("s", session);
            }

            if (pid is int p)
            {
                w.WriteStructStart();
                w.WriteString("pid");
                w.WriteVariant("i", p);
            }

            if (values is { Count: > 0 })
            {
                w.WriteStructStart();
                w.WriteString("values");
                w.WriteVariant("a{sv}", new DBusArray("{sv}", values.Select(v => (object)new DBusDictEntry(v.Key, new DBusVariant("s", v.Value))).ToArray()));
            }

            w.WriteArrayEnd(options);
        }, static (ref MessageReader r) => r.ReadString(), cancellationToken);
    }

    /// <summary>Removes the session leaf, then the whole delegated cgroup, each only if no task is left in it. Host root only.</summary>
    /// <param name="cgroup">The delegated cgroup, relative to the caller's.</param>
    /// <param name="session">The session leaf's name, or "" for none.</param>
    /// <param name="cancellationToken">Cancels the wait for the reply.</param>
    /// <returns>What was removed, relative to the caller's cgroup.</returns>
    public Task<IReadOnlyList<string>> UndelegateAsync(string cgroup, string session = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cgroup);
        ArgumentNullException.ThrowIfNull(session);
        return CallAsync(Manager1Api.Undelegate, w =>
        {
            w.WriteString(cgroup);
            w.WriteString(session);
        }, ReadStrings, cancellationToken);
    }
}
