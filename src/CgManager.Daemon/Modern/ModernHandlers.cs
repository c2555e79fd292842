using CgManager.Core.Errors;
using CgManager.Core.Keys;
using CgManager.Core.Operations;
using CgManager.DBus;
using CgManager.DBus.Server;

namespace CgManager.Daemon.Modern;

/// <summary>Binds Manager1 to <see cref="CgroupService"/>: unpack, translate identities from the requestor's view, call, pack.</summary>
internal sealed class ModernHandlers
{
    private readonly CgroupService _service;
    private readonly Manager1Operations _translated;
    private readonly CallerFactory _callers;
    private readonly EventWatches _watches;
    private readonly PressureWatches _pressure;

    public ModernHandlers(CgroupService service, CallerFactory callers, PidTranslator pids, EventWatches watches, PressureWatches pressure)
    {
        _pressure = pressure;
        _service = service;
        _translated = new Manager1Operations(service, pids);
        _callers = callers;
        _watches = watches;
    }

    private delegate void Body(Caller caller, MethodContext context, ref MessageReader args, MessageWriter reply);

    public Dictionary<string, MethodHandler> Build() => new(StringComparer.Ordinal)
    {
        ["Create"] = Handle("Create", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            var controllers = a.ReadStringArray();
            var values = ReadValues(ref a);
            r.WriteBool(_service.Creation.CreateWithValues(c, cgroup, controllers, values));
        }),
        ["SetValues"] = Handle("SetValues", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            _service.Values.SetValues(c, cgroup, ReadValues(ref a));
        }),
        ["GetValues"] = Handle("GetValues", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            WriteValues(r, _service.Values.GetValues(c, cgroup, a.ReadStringArray()));
        }),
        ["GetTree"] = Handle("GetTree", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            var keys = a.ReadStringArray();
            TreeReply.Write(r, _service.Tree.GetTree(c, cgroup, keys, a.ReadInt32()));
        }),
        ["ListChildren"] = Handle("ListChildren", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
            r.WriteStringArray(_service.Lookup.ListChildrenAll(c, a.ReadString()))),
        ["ListTasks"] = Handle("ListTasks", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            bool recursive = a.ReadBool();
            r.WriteInt32Array(_translated.ListTasks(c, cgroup, recursive));
        }),
        ["ListControllers"] = Handle("ListControllers", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
            r.WriteStringArray(_service.Lookup.ControllersOf(c, a.ReadString()))),
        ["Chown"] = Handle("Chown", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            uint uid = a.ReadUInt32(), gid = a.ReadUInt32();
            _translated.Chown(c, cgroup, uid, gid);
        }),
        ["Delegate"] = Handle("Delegate", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            uint uid = a.ReadUInt32(), gid = a.ReadUInt32();
            var (hostUid, hostGid) = Manager1Operations.HostIds(c, uid, gid);
            var request = DelegateOptions.Read(new DelegateRequest(cgroup, hostUid, hostGid), ref a, pid => _translated.HostPid(c, pid));
            r.WriteString(_service.Delegation.Delegate(c, request));
        }),
        ["Undelegate"] = Handle("Undelegate", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            r.WriteStringArray(_service.Delegation.Undelegate(c, cgroup, a.ReadString()));
        }),
        ["Delete"] = Handle("Delete", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            _service.Lifecycle.Delete(c, cgroup, a.ReadBool());
        }),
        ["Freeze"] = Handle("Freeze", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) => _service.Lifecycle.Freeze(c, a.ReadString())),
        ["Thaw"] = Handle("Thaw", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) => _service.Lifecycle.Thaw(c, a.ReadString())),
        ["Kill"] = Handle("Kill", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            r.WriteInt32(_service.Lifecycle.Kill(c, cgroup, a.ReadInt32()));
        }),
        ["MovePid"] = Handle("MovePid", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            _translated.MovePid(c, cgroup, a.ReadInt32());
        }),
        ["Watch"] = Handle("Watch", (Caller c, MethodContext context, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            _watches.Add(context.Connection, _service.Watches.PrepareWatch(c, cgroup, a.ReadStringArray()));
        }),
        ["WatchPressure"] = Handle("WatchPressure", (Caller c, MethodContext context, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            var spec = PressureOptions.Read(ref a);
            _pressure.Add(context.Connection, _service.Watches.ArmPressureTrigger(c, cgroup, spec));
        }),
        ["Unwatch"] = Handle("Unwatch", (Caller c, MethodContext context, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            _watches.Remove(context.Connection, cgroup);
            _pressure.Remove(context.Connection, cgroup);
        }),
        ["MoveTask"] = Handle("MoveTask", (Caller c, MethodContext context, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            int index = a.ReadUnixFdIndex();
            using var pidfd = context.Request.TakeFd(index)
                ?? throw new CgException(CgErrorKind.InvalidArgument, "no pidfd came with the call");
            _service.Tasks.MoveTask(c, cgroup, pidfd);
        }),
    };

    private MethodHandler Handle(string name, Body body) =>
        (MethodContext context, ref MessageReader args, MessageWriter reply) =>
        {
            Caller? caller = null;
            try
            {
                caller = _callers.Plain(context);
                body(caller, context, ref args, reply);
                RequestLog.Answered("Manager1." + name, caller);
            }
            catch (CgException e)
            {
                RequestLog.Refused("Manager1." + name, (object?)caller ?? context.Peer, e);
                throw new DBusErrorException(ErrorTable.Manager1.NameOf(e.Kind), e.Message);
            }
        };

    private static List<KeyValuePair<string, KeyValue>> ReadValues(ref MessageReader reader) =>
        reader.ReadVariantDictionary().Select(p => new KeyValuePair<string, KeyValue>(p.Key, p.Value.Value switch
        {
            string s => KeyValue.Of(s),
            ulong t => KeyValue.Of(t),
            uint u => KeyValue.Of((ulong)u),
            long x => KeyValue.Of(x),
            int i => KeyValue.Of((long)i),
            _ => throw new CgException(CgErrorKind.InvalidArgument, $"{p.Key}: values are strings or integers, not '{p.Value.Signature}'"),
        })).ToList();

    private static void WriteValues(MessageWriter writer, IReadOnlyList<KeyValuePair<string, KeyValue>> values) =>
        writer.WriteVariantDictionary(values.Select(p => new KeyValuePair<string, DBusVariant>(p.Key, ValueVariants.Of(p.Value))));
}
