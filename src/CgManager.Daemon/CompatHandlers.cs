using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Operations;
using CgManager.DBus;
using CgManager.DBus.Server;

namespace CgManager.Daemon;

/// <summary>
/// Binds the plain methods of org.linuxcontainers.cgmanager0_0 to <see cref="CgroupService"/>:
/// unpack arguments, build the caller from kernel facts, call, pack the reply. The one catch site
/// for domain errors: each becomes InvalidArgs (spec §1.5) with its precise message, logged once.
/// </summary>
internal sealed class CompatHandlers
{
    private readonly CgroupService _service;
    private readonly CallerFactory _callers;

    public CompatHandlers(CgroupService service, CallerFactory callers)
    {
        _service = service;
        _callers = callers;
    }

    private delegate void Body(Caller caller, ref MessageReader args, MessageWriter reply);

    public Dictionary<string, MethodHandler> Build() => new(StringComparer.Ordinal)
    {
        ["Ping"] = static (MethodContext context, ref MessageReader args, MessageWriter reply) =>
        {
            args.ReadInt32();
            RequestLog.Answered("Ping", context.Peer);
        },
        ["ListControllers"] = (MethodContext context, ref MessageReader args, MessageWriter reply) =>
        {
            reply.WriteStringArray(_service.ListControllers());
            RequestLog.Answered("ListControllers", context.Peer);
        },
        ["GetPidCgroup"] = Plain("GetPidCgroup", (Caller c, ref MessageReader a, MessageWriter r) =>
            r.WriteString(_service.GetPidCgroup(c, a.ReadString(), a.ReadInt32()))),
        ["GetPidCgroupAbs"] = Plain("GetPidCgroupAbs", (Caller c, ref MessageReader a, MessageWriter r) =>
            r.WriteString(_service.GetPidCgroupAbs(c, a.ReadString(), a.ReadInt32()))),
        ["Create"] = Plain("Create", (Caller c, ref MessageReader a, MessageWriter r) =>
            r.WriteInt32(_service.Create(c, a.ReadString(), a.ReadString()))),
        ["Chown"] = Plain("Chown", (Caller c, ref MessageReader a, MessageWriter r) =>
        {
            string controller = a.ReadString();
            string cgroup = a.ReadString();
            var (uid, gid) = OwnershipPolicy.ValidatePlainIds(a.ReadInt32(), a.ReadInt32());
            _service.Chown(c, controller, cgroup, uid, gid);
        }),
        ["Chmod"] = Plain("Chmod", (Caller c, ref MessageReader a, MessageWriter r) =>
            _service.Chmod(c, a.ReadString(), a.ReadString(), a.ReadString(), a.ReadInt32())),
        ["MovePid"] = Plain("MovePid", (Caller c, ref MessageReader a, MessageWriter r) =>
            _service.MovePid(c, a.ReadString(), a.ReadString(), a.ReadInt32())),
        ["MovePidAbs"] = Plain("MovePidAbs", (Caller c, ref MessageReader a, MessageWriter r) =>
            _service.MovePidAbs(c, a.ReadString(), a.ReadString(), a.ReadInt32())),
        ["GetValue"] = Plain("GetValue", (Caller c, ref MessageReader a, MessageWriter r) =>
            r.WriteString(_service.GetValue(c, a.ReadString(), a.ReadString(), a.ReadString()))),
        ["SetValue"] = Plain("SetValue", (Caller c, ref MessageReader a, MessageWriter r) =>
            _service.SetValue(c, a.ReadString(), a.ReadString(), a.ReadString(), a.ReadString())),
        ["Remove"] = Plain("Remove", (Caller c, ref MessageReader a, MessageWriter r) =>
            r.WriteInt32(_service.Remove(c, a.ReadString(), a.ReadString(), a.ReadInt32() != 0))),
        ["GetTasks"] = Plain("GetTasks", (Caller c, ref MessageReader a, MessageWriter r) =>
            r.WriteInt32Array(_service.GetTasks(c, a.ReadString(), a.ReadString()))),
        ["GetTasksRecursive"] = Plain("GetTasksRecursive", (Caller c, ref MessageReader a, MessageWriter r) =>
            r.WriteInt32Array(_service.GetTasksRecursive(c, a.ReadString(), a.ReadString()))),
        ["ListChildren"] = Plain("ListChildren", (Caller c, ref MessageReader a, MessageWriter r) =>
            r.WriteStringArray(_service.ListChildren(c, a.ReadString(), a.ReadString()))),
        ["RemoveOnEmpty"] = Plain("RemoveOnEmpty", (Caller c, ref MessageReader a, MessageWriter r) =>
            _service.RemoveOnEmpty(c, a.ReadString(), a.ReadString())),
        ["Prune"] = Plain("Prune", (Caller c, ref MessageReader a, MessageWriter r) =>
            _service.Prune(c, a.ReadString(), a.ReadString())),
        ["ListKeys"] = Plain("ListKeys", (Caller c, ref MessageReader a, MessageWriter r) =>
            WriteKeys(r, _service.ListKeys(c, a.ReadString(), a.ReadString()))),
    };

    private MethodHandler Plain(string name, Body body) =>
        (MethodContext context, ref MessageReader args, MessageWriter reply) =>
        {
            Caller? caller = null;
            try
            {
                caller = _callers.Plain(context);
                body(caller, ref args, reply);
                RequestLog.Answered(name, caller);
            }
            catch (CgException e)
            {
                RequestLog.Refused(name, (object?)caller ?? context.Peer, e);
                throw new DBusErrorException(DBusErrorTable.Compat.NameOf(e.Kind), e.Message);
            }
        };



    /// <summary>ListKeys' answer, a(suuu); the proxy writes its upstream's answer with it too.</summary>
    internal static void WriteKeys(MessageWriter writer, IReadOnlyList<CgroupKey> keys)
    {
        int array = writer.WriteArrayStart('(');
        foreach (var key in keys)
        {
            writer.WriteStructStart();
            writer.WriteString(key.Name);
            writer.WriteUInt32(key.Uid);
            writer.WriteUInt32(key.Gid);
            writer.WriteUInt32(key.Mode);
        }

        writer.WriteArrayEnd(array);
    }
}
