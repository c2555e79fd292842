using CgManager.Client;
using CgManager.DBus;
using CgManager.DBus.Server;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Proxy;

/// <summary>
/// cgproxy's methods (spec §7.4): each plain call from a process in the container is sent to the
/// host daemon as the matching Scm call, with the caller's kernel credentials (SO_PEERCRED, as the
/// proxy sees them) as the requestor and any pid or id argument as a credential, so the kernel
/// translates them into the host's namespaces — and results back into ours. Scm calls made to the
/// proxy are refused: a proxy never speaks for another proxy.
/// </summary>
internal sealed class ProxyHandlers
{
    private readonly Upstream _upstream;

    public ProxyHandlers(Upstream upstream) => _upstream = upstream;

    private delegate void Forward(PeerCredentials requestor, ref MessageReader args, MessageWriter reply);

    public Dictionary<string, MethodHandler> Build()
    {
        var handlers = new Dictionary<string, MethodHandler>(StringComparer.Ordinal)
        {
            ["Ping"] = static (MethodContext context, ref MessageReader args, MessageWriter reply) => args.ReadInt32(),
            ["ListControllers"] = Plain("ListControllers", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
                w.WriteStringArray(_upstream.Call(c => c.ListControllersAsync(), idempotent: true))),
            ["GetPidCgroup"] = Plain("GetPidCgroup", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString();
                var victim = Victim(a.ReadInt32());
                w.WriteString(_upstream.Call(c => c.GetPidCgroupScmAsync(controller, r, victim), idempotent: true));
            }),
            ["GetPidCgroupAbs"] = Plain("GetPidCgroupAbs", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString();
                var victim = Victim(a.ReadInt32());
                w.WriteString(_upstream.Call(c => c.GetPidCgroupAbsScmAsync(controller, r, victim), idempotent: true));
            }),
            ["Create"] = Plain("Create", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString();
                w.WriteInt32(_upstream.Call(c => c.CreateScmAsync(controller, cgroup, r), idempotent: false) == CreateResult.Existed ? 1 : -1);
            }),
            ["Chown"] = Plain("Chown", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString();
                int uid = a.ReadInt32(), gid = a.ReadInt32();
                if (uid < 0 || gid < 0)
                {
                    throw new DBusErrorException(DBusErrorNames.InvalidArgs, "invalid argument: through the proxy, uid and gid must be ids (the kernel carries them as a credential)");
                }

                var target = new PeerCredentials(Environment.ProcessId, (uint)uid, (uint)gid);
                _upstream.Call(c => c.ChownScmAsync(controller, cgroup, r, target), idempotent: false);
            }),
            ["Chmod"] = Plain("Chmod", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString(), file = a.ReadString();
                int mode = a.ReadInt32();
                _upstream.Call(c => c.ChmodScmAsync(controller, cgroup, file, mode, r), idempotent: false);
            }),
            ["MovePid"] = Plain("MovePid", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString();
                var victim = Victim(a.ReadInt32());
                _upstream.Call(c => c.MovePidScmAsync(controller, cgroup, r, victim), idempotent: false);
            }),
            ["MovePidAbs"] = Plain("MovePidAbs", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString();
                var victim = Victim(a.ReadInt32());
                _upstream.Call(c => c.MovePidAbsScmAsync(controller, cgroup, r, victim), idempotent: false);
            }),
            ["GetValue"] = Plain("GetValue", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString(), key = a.ReadString();
                w.WriteString(_upstream.Call(c => c.GetValueScmAsync(controller, cgroup, key, r), idempotent: true));
            }),
            ["SetValue"] = Plain("SetValue", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString(), key = a.ReadString(), value = a.ReadString();
                _upstream.Call(c => c.SetValueScmAsync(controller, cgroup, key, value, r), idempotent: false);
            }),
            ["Remove"] = Plain("Remove", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString();
                bool recursive = a.ReadInt32() != 0;
                w.WriteInt32(_upstream.Call(c => c.RemoveScmAsync(controller, cgroup, recursive, r), idempotent: false) == RemoveResult.Removed ? 1 : -1);
            }),
            ["GetTasks"] = Plain("GetTasks", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString();
                w.WriteInt32Array(_upstream.Call(c => c.GetTasksScmAsync(controller, cgroup, r), idempotent: true));
            }),
            ["GetTasksRecursive"] = Plain("GetTasksRecursive", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString();
                w.WriteInt32Array(_upstream.Call(c => c.GetTasksRecursiveScmAsync(controller, cgroup, r), idempotent: true));
            }),
            ["ListChildren"] = Plain("ListChildren", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString();
                w.WriteStringArray(_upstream.Call(c => c.ListChildrenScmAsync(controller, cgroup, r), idempotent: true));
            }),
            ["RemoveOnEmpty"] = Plain("RemoveOnEmpty", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString();
                _upstream.Call(c => c.RemoveOnEmptyScmAsync(controller, cgroup, r), idempotent: false);
            }),
            ["Prune"] = Plain("Prune", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString();
                _upstream.Call(c => c.PruneScmAsync(controller, cgroup, r), idempotent: false);
            }),
            ["ListKeys"] = Plain("ListKeys", (PeerCredentials r, ref MessageReader a, MessageWriter w) =>
            {
                string controller = a.ReadString(), cgroup = a.ReadString();
                var keys = _upstream.Call(c => c.ListKeysScmAsync(controller, cgroup, r), idempotent: true);
                CompatHandlers.WriteKeys(w, keys.Select(k => new Core.Operations.CgroupKey(k.Name, k.Uid, k.Gid, k.Mode)).ToArray());
            }),
        };

        foreach (var (name, _, _) in CompatInterface.Methods.Where(m => m.Name.EndsWith("Scm", StringComparison.Ordinal)))
        {
            handlers[name] = (MethodContext context, ref MessageReader args, MessageWriter reply) =>
                throw new DBusErrorException(DBusErrorNames.InvalidArgs,
                    $"not supported: {name} at a proxy; the proxy forwards plain calls only, so that it never speaks for another proxy");
        }

        return handlers;
    }

    private static PeerCredentials Victim(int pid) => new(pid, 0, 0);

    private static MethodHandler Plain(string name, Forward forward) =>
        (MethodContext context, ref MessageReader args, MessageWriter reply) =>
        {
            try
            {
                forward(context.Peer, ref args, reply);
                RequestLog.Answered("proxy: " + name, context.Peer);
            }
            catch (CgManagerException e)
            {
                RequestLog.Refused("proxy: " + name, context.Peer, e.ErrorName, e.Message);
                throw new DBusErrorException(DBusErrorNames.InvalidArgs, e.Message);
            }
        };


}
