using CgManager.Core.Access;
using CgManager.Linux.Proc;
using CgManager.Linux.Sockets;

namespace CgManager.Core.Operations;

/// <summary>
/// Who is asking: the requestor r (with its kernel facts), the proxy p (the connection's peer)
/// and how the call came (plain or Scm). For plain calls p is r.
/// </summary>
public sealed class Caller
{
    public Caller(Requestor requestor, IReadOnlyList<CgroupMembership> requestorCgroups, PeerCredentials proxy,
        IReadOnlyList<CgroupMembership> proxyCgroups, CallStyle style)
    {
        Requestor = requestor;
        RequestorCgroups = requestorCgroups;
        Proxy = proxy;
        ProxyCgroups = proxyCgroups;
        Style = style;
    }

    public Requestor Requestor { get; }

    /// <summary>r's /proc/PID/cgroup lines, read for this request (tasks move, so never cached).</summary>
    public IReadOnlyList<CgroupMembership> RequestorCgroups { get; }

    public PeerCredentials Proxy { get; }

    public IReadOnlyList<CgroupMembership> ProxyCgroups { get; }

    public CallStyle Style { get; }

    public override string ToString() => Style == CallStyle.Plain
        ? $"pid {Requestor.Pid} uid {Requestor.Uid}"
        : $"pid {Requestor.Pid} uid {Requestor.Uid} via proxy pid {Proxy.Pid}";
}
