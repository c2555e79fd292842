using CgManager.Core.Errors;
using CgManager.Core.Operations;
using CgManager.DBus;
using CgManager.DBus.Server;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Scm;

/// <summary>
/// The <c>...Scm</c> methods (spec §3.1, §4): the D-Bus call only hands over the side channel and
/// gets the first kick; the requestor (and, for five methods, the victim) then arrive as kernel
/// credentials on it, and the result goes back on it. Each exchange runs on its own small thread
/// with a deadline, so a client that abandons it costs nothing afterwards.
/// </summary>
internal sealed class ScmHandlers
{
    private const int ExchangeThreadStack = 128 * 1024;

    private readonly CgroupService _service;
    private readonly CallerFactory _callers;

    public ScmHandlers(CgroupService service, CallerFactory callers)
    {
        _service = service;
        _callers = callers;
    }

    /// <summary>What one exchange does once it has its caller (and victim); throws CgException to fail.</summary>
    private delegate void Work(Caller caller, PeerCredentials victim, ScmSideChannel channel);

    /// <summary>Reads the method's arguments (the fd index last) and returns its work.</summary>
    private delegate Work Parse(ref MessageReader args, out int fdIndex);

    public void AddTo(Dictionary<string, MethodHandler> handlers)
    {
        handlers["GetPidCgroupScm"] = Exchange("GetPidCgroupScm", 2, ScmResults.EmptyDatagram, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, v, ch) => ScmResults.SendString(ch, _service.GetPidCgroup(c, controller, v.Pid));
        });
        handlers["GetPidCgroupAbsScm"] = Exchange("GetPidCgroupAbsScm", 2, ScmResults.EmptyDatagram, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, v, ch) => ScmResults.SendString(ch, _service.GetPidCgroupAbs(c, controller, v.Pid));
        });
        handlers["CreateScm"] = Exchange("CreateScm", 1, ScmResults.Failed, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, _, ch) => ch.Send(_service.Create(c, controller, cgroup) == 1 ? ScmResults.Existed : ScmResults.Done);
        });
        handlers["ChownScm"] = Exchange("ChownScm", 2, ScmResults.Failed, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, v, ch) =>
            {
                _service.Chown(c, controller, cgroup, v.Uid, v.Gid);
                ch.Send(ScmResults.Done);
            };
        });
        handlers["ChmodScm"] = Exchange("ChmodScm", 1, ScmResults.Failed, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString(), file = a.ReadString();
            int mode = a.ReadInt32();
            fd = a.ReadUnixFdIndex();
            return (c, _, ch) =>
            {
                _service.Chmod(c, controller, cgroup, file, mode);
                ch.Send(ScmResults.Done);
            };
        });
        handlers["MovePidScm"] = Exchange("MovePidScm", 2, ScmResults.Failed, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, v, ch) =>
            {
                _service.MovePid(c, controller, cgroup, v.Pid);
                ch.Send(ScmResults.Done);
            };
        });
        handlers["MovePidAbsScm"] = Exchange("MovePidAbsScm", 2, ScmResults.Failed, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, v, ch) =>
            {
                _service.MovePidAbs(c, controller, cgroup, v.Pid);
                ch.Send(ScmResults.Done);
            };
        });
        handlers["GetValueScm"] = Exchange("GetValueScm", 1, ScmResults.EmptyDatagram, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString(), key = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, _, ch) => ScmResults.SendString(ch, _service.GetValue(c, controller, cgroup, key));
        });
        handlers["SetValueScm"] = Exchange("SetValueScm", 1, ScmResults.Failed, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString(), key = a.ReadString(), value = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, _, ch) =>
            {
                _service.SetValue(c, controller, cgroup, key, value);
                ch.Send(ScmResults.Done);
            };
        });
        handlers["RemoveScm"] = Exchange("RemoveScm", 1, ScmResults.Failed, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString();
            bool recursive = a.ReadInt32() != 0;
            fd = a.ReadUnixFdIndex();
            return (c, _, ch) => ch.Send(_service.Remove(c, controller, cgroup, recursive) == 1 ? ScmResults.Existed : ScmResults.Done);
        });
        handlers["GetTasksScm"] = Exchange("GetTasksScm", 1, ScmResults.MinusOne, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, _, ch) => ScmResults.SendPids(ch, _service.GetTasks(c, controller, cgroup));
        });
        handlers["GetTasksRecursiveScm"] = Exchange("GetTasksRecursiveScm", 1, ScmResults.MinusOne, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, _, ch) => ScmResults.SendPids(ch, _service.GetTasksRecursive(c, controller, cgroup));
        });
        handlers["ListChildrenScm"] = Exchange("ListChildrenScm", 1, ScmResults.MinusOne, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, _, ch) =>
            {
                var children = _service.ListChildren(c, controller, cgroup);
                ScmResults.SendBlob(ch, children.Count, ScmResults.ChildrenBlob(children));
            };
        });
        handlers["RemoveOnEmptyScm"] = Exchange("RemoveOnEmptyScm", 1, ScmResults.Failed, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, _, ch) =>
            {
                _service.RemoveOnEmpty(c, controller, cgroup);
                ch.Send(ScmResults.Done);
            };
        });
        handlers["PruneScm"] = Exchange("PruneScm", 1, ScmResults.Failed, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, _, ch) =>
            {
                _service.Prune(c, controller, cgroup);
                ch.Send(ScmResults.Done);
            };
        });
        handlers["ListKeysScm"] = Exchange("ListKeysScm", 1, ScmResults.MinusOne, (ref MessageReader a, out int fd) =>
        {
            string controller = a.ReadString(), cgroup = a.ReadString();
            fd = a.ReadUnixFdIndex();
            return (c, _, ch) =>
            {
                var keys = _service.ListKeys(c, controller, cgroup);
                ScmResults.SendBlob(ch, keys.Count, ScmResults.KeysBlob(keys));
            };
        });
    }

    private MethodHandler Exchange(string name, int credentials, byte[] failure, Parse parse) =>
        (MethodContext context, ref MessageReader args, MessageWriter reply) =>
        {
            var work = parse(ref args, out int fdIndex);
            var channel = ScmSideChannel.Open(context, fdIndex);
            var thread = new Thread(() => Run(name, credentials, failure, context, channel, work), ExchangeThreadStack)
            {
                IsBackground = true,
                Name = "scm",
            };
            try
            {
                thread.Start();
            }
            catch (OutOfMemoryException)
            {
                channel.Dispose();
                throw new DBusErrorException(DBusErrorNames.LimitsExceeded, "cannot start the Scm exchange");
            }
        };

    private void Run(string name, int credentials, byte[] failure, MethodContext context, ScmSideChannel channel, Work work)
    {
        using (channel)
        {
            if (channel.ReadCredential() is not { } requestor)
            {
                Log.Debug($"{name} from {context.Peer}: no credential before the deadline; exchange dropped");
                return;
            }

            var victim = requestor;
            if (credentials == 2)
            {
                if (!channel.Send([ScmSideChannel.Kick]) || channel.ReadCredential() is not { } second)
                {
                    Log.Debug($"{name} from {context.Peer}: no second credential before the deadline; exchange dropped");
                    return;
                }

                victim = second;
            }

            Caller? caller = null;
            try
            {
                caller = _callers.Scm(context, requestor);
                work(caller, victim, channel);
                RequestLog.Answered(name, caller);
            }
            catch (CgException e)
            {
                RequestLog.Refused(name, (object?)caller ?? requestor, e);
                channel.Send(failure);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.Error($"{name} from {requestor}: internal error: {e}");
                channel.Send(failure);
            }
        }
    }
}
