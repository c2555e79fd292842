using CgManager.Client;
using CgManager.Contract;
using CgManager.Core.Errors;
using CgManager.Core.Operations;
using CgManager.DBus;
using CgManager.DBus.Server;

namespace CgManager.Daemon.Compat;

/// <summary>
/// A compat method that acts for nobody in particular (Ping, ListControllers): no requestor is built, no Scm
/// form exists. A proxy answers it itself when <see cref="Upstream"/> is null, otherwise asks upstream.
/// </summary>
internal sealed class CallerlessBinding<TResult> : CompatBinding
{
    public CallerlessBinding(WireMethod plain)
        : base(plain, null)
    {
    }

    /// <summary>Reads (and ignores) the arguments.</summary>
    public required ArgsReader<Done> Read { get; init; }

    public required Func<CgroupService, TResult> Run { get; init; }

    public required PlainReply<TResult> Reply { get; init; }

    /// <summary>The upstream call, or null when the proxy's own answer is the same as the daemon's (Ping).</summary>
    public Func<CgManagerClient, Task<TResult>>? Upstream { get; init; }

    /// <summary>The proxy's own answer when <see cref="Upstream"/> is null.</summary>
    public Func<TResult>? Local { get; init; }

    public override MethodHandler Serve(CompatEdge edge) =>
        (MethodContext context, ref MessageReader args, MessageWriter reply) =>
        {
            Read(ref args);
            try
            {
                Reply(reply, Run(edge.Service));
                RequestLog.Answered(Plain.Name, context.Peer);
            }
            catch (CgException e)
            {
                throw CompatEdge.Refuse(Plain.Name, context.Peer, e);
            }
        };

    public override MethodHandler ServeScm(CompatEdge edge) => throw new InvalidOperationException($"{Plain.Name} has no Scm form");

    public override MethodHandler Forward(ProxyEdge edge) =>
        (MethodContext context, ref MessageReader args, MessageWriter reply) =>
        {
            Read(ref args);
            if (Upstream is not { } upstream)
            {
                Reply(reply, (Local ?? throw new InvalidOperationException($"{Plain.Name}: no upstream call and no local answer"))());
                return;
            }

            try
            {
                Reply(reply, edge.Upstream.Call(upstream, idempotent: true));
                RequestLog.Answered(ProxyEdge.LogName(Plain.Name), context.Peer);
            }
            catch (CgManagerException e)
            {
                throw ProxyEdge.Refuse(Plain.Name, context.Peer, e);
            }
        };
}
