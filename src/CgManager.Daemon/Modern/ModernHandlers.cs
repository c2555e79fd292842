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
    private readonly CallerFactory _callers;
    private readonly PidTranslator _pids;
    private readonly EventWatches _watches;

    public ModernHandlers(CgroupService service, CallerFactory callers, PidTranslator pids, EventWatches watches)
    {
        _service = service;
        _callers = callers;
        _pids = pids;
        _watches = watches;
    }

    private delegate void Body(Caller caller, MethodContext context, ref MessageReader args, MessageWriter reply);

    public Dictionary<string, MethodHandler> Build() => new(StringComparer.Ordinal)
    {
        ["Create"] = Handle("Create", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            var controllers = ReadStrings(ref a);
            var values = ReadValues(ref a);
            r.WriteBool(_service.CreateWithValues(c, cgroup, controllers, values));
        }),
        ["SetValues"] = Handle("SetValues", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            _service.SetValues(c, cgroup, ReadValues(ref a));
        }),
        ["GetValues"] = Handle("GetValues", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            WriteValues(r, _service.GetValues(c, cgroup, ReadStrings(ref a)));
        }),
        ["ListChildren"] = Handle("ListChildren", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
            r.WriteStringArray(_service.ListChildrenAll(c, a.ReadString()))),
        ["ListTasks"] = Handle("ListTasks", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            bool recursive = a.ReadBool();
            r.WriteInt32Array(_service.ListTasksAll(c, cgroup, recursive).Select(p => _pids.ToRequestor(c, p)).OfType<int>().Order().ToArray());
        }),
        ["ListControllers"] = Handle("ListControllers", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
            r.WriteStringArray(_service.ControllersOf(c, a.ReadString()))),
        ["Chown"] = Handle("Chown", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            uint uid = a.ReadUInt32(), gid = a.ReadUInt32();
            var (hostUid, hostGid) = HostIds(c, uid, gid);
            _service.Chown(AsTranslated(c), "all", cgroup, hostUid, hostGid);
        }),
        ["Delegate"] = Handle("Delegate", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            uint uid = a.ReadUInt32(), gid = a.ReadUInt32();
            var (hostUid, hostGid) = HostIds(c, uid, gid);
            var request = DelegateOptions.Read(new DelegateRequest(cgroup, hostUid, hostGid), ref a, pid => _pids.ToHost(c, pid));
            r.WriteString(_service.Delegate(c, request));
        }),
        ["Undelegate"] = Handle("Undelegate", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            r.WriteStringArray(_service.Undelegate(c, cgroup, a.ReadString()));
        }),
        ["Delete"] = Handle("Delete", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            _service.Delete(c, cgroup, a.ReadBool());
        }),
        ["Freeze"] = Handle("Freeze", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) => _service.Freeze(c, a.ReadString())),
        ["Thaw"] = Handle("Thaw", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) => _service.Thaw(c, a.ReadString())),
        ["Kill"] = Handle("Kill", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            r.WriteInt32(_service.Kill(c, cgroup, a.ReadInt32()));
        }),
        ["MovePid"] = Handle("MovePid", (Caller c, MethodContext _, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            _service.MoveTranslated(c, cgroup, _pids.ToHost(c, a.ReadInt32()));
        }),
        ["Watch"] = Handle("Watch", (Caller c, MethodContext context, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            _watches.Add(context.Connection, _service.PrepareWatch(c, cgroup, ReadStrings(ref a)));
        }),
        ["Unwatch"] = Handle("Unwatch", (Caller c, MethodContext context, ref MessageReader a, MessageWriter r) =>
            _watches.Remove(context.Connection, a.ReadString())),
        ["MoveTask"] = Handle("MoveTask", (Caller c, MethodContext context, ref MessageReader a, MessageWriter r) =>
        {
            string cgroup = a.ReadString();
            int index = a.ReadUnixFdIndex();
            using var pidfd = context.Request.TakeFd(index)
                ?? throw new CgException(CgErrorKind.InvalidArgument, "no pidfd came with the call");
            _service.MoveTask(c, cgroup, pidfd);
        }),
    };

    /// <summary>The ids are the requestor's own: map them out of its user namespace.</summary>
    private static (uint Uid, uint Gid) HostIds(Caller c, uint uid, uint gid)
    {
        if (!c.Requestor.UidMap.TryMapToOutside(uid, out uint hostUid) || !c.Requestor.GidMap.TryMapToOutside(gid, out uint hostGid))
        {
            throw new CgException(CgErrorKind.PermissionDenied, $"uid {uid} or gid {gid} is not mapped in the requestor's user namespace");
        }

        return (hostUid, hostGid);
    }

    /// <summary>Ids already translated by us: the compat checks on plain integer ids do not apply.</summary>
    private static Caller AsTranslated(Caller c) =>
        new(c.Requestor, c.RequestorCgroups, c.Proxy, c.ProxyCgroups, Core.Access.CallStyle.Scm);

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
                throw new DBusErrorException(ModernInterface.Errors.NameOf(e.Kind), e.Message);
            }
        };

    private static List<string> ReadStrings(ref MessageReader reader)
    {
        var list = new List<string>();
        int end = reader.ReadArrayStart('s');
        while (reader.HasNext(end))
        {
            list.Add(reader.ReadString());
        }

        return list;
    }

    private static List<KeyValuePair<string, KeyValue>> ReadValues(ref MessageReader reader)
    {
        var values = new List<KeyValuePair<string, KeyValue>>();
        int end = reader.ReadArrayStart('{');
        while (reader.HasNext(end))
        {
            reader.AlignStruct();
            string key = reader.ReadString();
            var variant = reader.ReadVariant();
            KeyValue value = variant.Value switch
            {
                string s => KeyValue.Of(s),
                ulong t => KeyValue.Of(t),
                uint u => KeyValue.Of((ulong)u),
                long x => KeyValue.Of(x),
                int i => KeyValue.Of((long)i),
                _ => throw new CgException(CgErrorKind.InvalidArgument, $"{key}: values are strings or integers, not '{variant.Signature}'"),
            };
            values.Add(new(key, value));
        }

        return values;
    }

    private static void WriteValues(MessageWriter writer, IReadOnlyList<KeyValuePair<string, KeyValue>> values)
    {
        int array = writer.WriteArrayStart('{');
        foreach (var (key, value) in values)
        {
            writer.WriteStructStart();
            writer.WriteString(key);
            if (value.IsNumber)
            {
                writer.WriteVariant("t", value.Number);
            }
            else
            {
                writer.WriteVariant("s", value.Text);
            }
        }

        writer.WriteArrayEnd(array);
    }

}
