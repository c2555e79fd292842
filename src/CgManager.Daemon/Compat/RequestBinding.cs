using CgManager.Client;
using CgManager.Contract;
using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Operations;
using CgManager.DBus;
using CgManager.DBus.Server;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Compat;

/// <summary>
/// A compat method made on behalf of a requestor: its shared arguments (<typeparamref name="TArgs"/>), an
/// optional subject (victim pid or target ids), the Core operation, and how its result is encoded in a
/// reply, on a side channel and when it comes back from upstream.
/// </summary>
internal sealed class RequestBinding<TArgs, TResult> : CompatBinding
{
    public RequestBinding(WireMethod plain, WireMethod scm)
        : base(plain, scm)
    {
    }

    public required ArgsReader<TArgs> Read { get; init; }

    public SubjectKind Subject { get; init; }

    public required Func<CgroupService, Caller, TArgs, Subject, TResult> Run { get; init; }

    public required PlainReply<TResult> Reply { get; init; }

    public required ScmReply<TResult> ScmReply { get; init; }

    /// <summary>The upstream call: the client, the arguments, the requestor and the subject as credentials.</summary>
    public required Func<CgManagerClient, TArgs, PeerCredentials, PeerCredentials, Task<TResult>> Upstream { get; init; }

    /// <summary>True for reads: a proxy may send them again after a lost connection.</summary>
    public bool Idempotent { get; init; }

    public override MethodHandler Serve(CompatEdge edge) =>
        (MethodContext context, ref MessageReader args, MessageWriter reply) =>
        {
            Caller? caller = null;
            try
            {
                caller = edge.Callers.Plain(context);
                var shared = Read(ref args);
                var result = Run(edge.Service, caller, shared, ReadSubject(ref args, leaveUnchangedAllowed: true));
                Reply(reply, result);
                RequestLog.Answered(Plain.Name, caller);
            }
            catch (CgException e)
            {
                throw CompatEdge.Refuse(Plain.Name, (object?)caller ?? context.Peer, e);
            }
        };

    public override MethodHandler ServeScm(CompatEdge edge) =>
        (MethodContext context, ref MessageReader args, MessageWriter reply) =>
        {
            var shared = Read(ref args);
            int fdIndex = args.ReadUnixFdIndex();
            edge.StartExchange(Scm!.Name, Subject == SubjectKind.None ? 1 : 2, ScmReply.Failure, context, fdIndex,
                (caller, second, channel) => ScmReply.Send(channel, Run(edge.Service, caller, shared, new Subject(second.Pid, second.Uid, second.Gid))));
        };

    public override MethodHandler Forward(ProxyEdge edge) =>
        (MethodContext context, ref MessageReader args, MessageWriter reply) =>
        {
            var requestor = context.Peer;
            try
            {
                var shared = Read(ref args);
                var subject = ReadSubject(ref args, leaveUnchangedAllowed: false);
                // the subject goes as credential #2: a victim's pid (ids are the kernel's to fill), or our pid with the target ids
                var second = Subject == SubjectKind.Ids ? new PeerCredentials(Environment.ProcessId, subject.Uid, subject.Gid)
                    : new PeerCredentials(subject.Pid, 0, 0);
                Reply(reply, edge.Upstream.Call(c => Upstream(c, shared, requestor, second), Idempotent));
                RequestLog.Answered(ProxyEdge.LogName(Plain.Name), requestor);
            }
            catch (CgException e)
            {
                throw ProxyEdge.Refuse(Plain.Name, requestor, e);
            }
            catch (CgManagerException e)
            {
                throw ProxyEdge.Refuse(Plain.Name, requestor, e);
            }
        };

    /// <summary>
    /// The plain form's trailing identity. Ids follow the one rule of every Chown form
    /// (<see cref="OwnershipPolicy.TargetIds"/>); only a form that passes ids as integers can leave one unchanged.
    /// </summary>
    private Subject ReadSubject(ref MessageReader args, bool leaveUnchangedAllowed)
    {
        switch (Subject)
        {
            case SubjectKind.Pid:
                return new Subject(args.ReadInt32(), 0, 0);
            case SubjectKind.Ids:
                int uid = args.ReadInt32(), gid = args.ReadInt32();
                var (u, g) = OwnershipPolicy.TargetIds(uid, gid, leaveUnchangedAllowed);
                return new Subject(0, u, g);
            default:
                return default;
        }
    }
}
