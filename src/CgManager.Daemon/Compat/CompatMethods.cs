using CgManager.Client;
using CgManager.Contract;
using CgManager.Core.Operations;
using CgManager.DBus;
using CgroupKey = CgManager.Core.Operations.CgroupKey;

namespace CgManager.Daemon.Compat;

/// <summary>
/// Every method of org.linuxcontainers.cgmanager0_0, each declared once: the arguments its plain and Scm forms
/// share, its subject (what the plain form passes as integers and the Scm form as the second credential), the
/// Core operation, and its result encodings. The daemon's plain and Scm handlers and the proxy's forwarding
/// are all derived from this table (<see cref="CompatInterface"/>). To add a method: its names and signatures
/// to <see cref="CompatApi"/>, one entry here.
/// </summary>
internal static class CompatMethods
{
    public static IReadOnlyList<CompatBinding> All { get; } =
    [
        new CallerlessBinding<Done>(CompatApi.Ping)
        {
            Read = static (ref MessageReader r) =>
            {
                r.ReadInt32();
                return default;
            },
            Run = static _ => default,
            Reply = Replies.Nothing,
            Local = static () => default,
        },
        new CallerlessBinding<IReadOnlyList<string>>(CompatApi.ListControllers)
        {
            Read = static (ref MessageReader r) => default,
            Run = static s => s.ListControllers(),
            Reply = Replies.Strings,
            Upstream = static c => c.ListControllersAsync(),
        },
        new RequestBinding<string, string>(CompatApi.GetPidCgroup, CompatApi.GetPidCgroupScm)
        {
            Read = static (ref MessageReader r) => r.ReadString(),
            Subject = SubjectKind.Pid,
            Run = static (s, c, controller, v) => s.Lookup.GetPidCgroup(c, controller, v.Pid),
            Reply = Replies.String,
            ScmReply = Replies.ScmString,
            Upstream = static (u, controller, r, v) => u.GetPidCgroupScmAsync(controller, r, v),
            Idempotent = true,
        },
        new RequestBinding<string, string>(CompatApi.GetPidCgroupAbs, CompatApi.GetPidCgroupAbsScm)
        {
            Read = static (ref MessageReader r) => r.ReadString(),
            Subject = SubjectKind.Pid,
            Run = static (s, c, controller, v) => s.Lookup.GetPidCgroupAbs(c, controller, v.Pid),
            Reply = Replies.String,
            ScmReply = Replies.ScmString,
            Upstream = static (u, controller, r, v) => u.GetPidCgroupAbsScmAsync(controller, r, v),
            Idempotent = true,
        },
        new RequestBinding<Target, CreateOutcome>(CompatApi.Create, CompatApi.CreateScm)
        {
            Read = ReadTarget,
            Run = static (s, c, t, _) => s.Creation.Create(c, t.Controller, t.Cgroup),
            Reply = Replies.Created,
            ScmReply = Replies.ScmCreated,
            Upstream = static async (u, t, r, _) =>
                await u.CreateScmAsync(t.Controller, t.Cgroup, r).ConfigureAwait(false) == CreateResult.Existed ? CreateOutcome.Existed : CreateOutcome.Created,
        },
        new RequestBinding<Target, Done>(CompatApi.Chown, CompatApi.ChownScm)
        {
            Read = ReadTarget,
            Subject = SubjectKind.Ids,
            Run = static (s, c, t, ids) =>
            {
                s.Ownership.Chown(c, t.Controller, t.Cgroup, ids.Uid, ids.Gid);
                return default;
            },
            Reply = Replies.Nothing,
            ScmReply = Replies.ScmDone,
            Upstream = static (u, t, r, ids) => FinishedAsync(u.ChownScmAsync(t.Controller, t.Cgroup, r, ids)),
        },
        new RequestBinding<(Target Target, string File, int Mode), Done>(CompatApi.Chmod, CompatApi.ChmodScm)
        {
            Read = static (ref MessageReader r) => (ReadTarget(ref r), r.ReadString(), r.ReadInt32()),
            Run = static (s, c, a, _) =>
            {
                s.Ownership.Chmod(c, a.Target.Controller, a.Target.Cgroup, a.File, a.Mode);
                return default;
            },
            Reply = Replies.Nothing,
            ScmReply = Replies.ScmDone,
            Upstream = static (u, a, r, _) => FinishedAsync(u.ChmodScmAsync(a.Target.Controller, a.Target.Cgroup, a.File, a.Mode, r)),
        },
        new RequestBinding<Target, Done>(CompatApi.MovePid, CompatApi.MovePidScm)
        {
            Read = ReadTarget,
            Subject = SubjectKind.Pid,
            Run = static (s, c, t, v) =>
            {
                s.Tasks.MovePid(c, t.Controller, t.Cgroup, v.Pid);
                return default;
            },
            Reply = Replies.Nothing,
            ScmReply = Replies.ScmDone,
            Upstream = static (u, t, r, v) => FinishedAsync(u.MovePidScmAsync(t.Controller, t.Cgroup, r, v)),
        },
        new RequestBinding<Target, Done>(CompatApi.MovePidAbs, CompatApi.MovePidAbsScm)
        {
            Read = ReadTarget,
            Subject = SubjectKind.Pid,
            Run = static (s, c, t, v) =>
            {
                s.Tasks.MovePidAbs(c, t.Controller, t.Cgroup, v.Pid);
                return default;
            },
            Reply = Replies.Nothing,
            ScmReply = Replies.ScmDone,
            Upstream = static (u, t, r, v) => FinishedAsync(u.MovePidAbsScmAsync(t.Controller, t.Cgroup, r, v)),
        },
        new RequestBinding<(Target Target, string Key), string>(CompatApi.GetValue, CompatApi.GetValueScm)
        {
            Read = static (ref MessageReader r) => (ReadTarget(ref r), r.ReadString()),
            Run = static (s, c, a, _) => s.Values.GetValue(c, a.Target.Controller, a.Target.Cgroup, a.Key),
            Reply = Replies.String,
            ScmReply = Replies.ScmString,
            Upstream = static (u, a, r, _) => u.GetValueScmAsync(a.Target.Controller, a.Target.Cgroup, a.Key, r),
            Idempotent = true,
        },
        new RequestBinding<(Target Target, string Key, string Value), Done>(CompatApi.SetValue, CompatApi.SetValueScm)
        {
            Read = static (ref MessageReader r) => (ReadTarget(ref r), r.ReadString(), r.ReadString()),
            Run = static (s, c, a, _) =>
            {
                s.Values.SetValue(c, a.Target.Controller, a.Target.Cgroup, a.Key, a.Value);
                return default;
            },
            Reply = Replies.Nothing,
            ScmReply = Replies.ScmDone,
            Upstream = static (u, a, r, _) => FinishedAsync(u.SetValueScmAsync(a.Target.Controller, a.Target.Cgroup, a.Key, a.Value, r)),
        },
        new RequestBinding<(Target Target, bool Recursive), RemoveOutcome>(CompatApi.Remove, CompatApi.RemoveScm)
        {
            Read = static (ref MessageReader r) => (ReadTarget(ref r), r.ReadInt32() != 0),
            Run = static (s, c, a, _) => s.Removal.Remove(c, a.Target.Controller, a.Target.Cgroup, a.Recursive),
            Reply = Replies.Removed,
            ScmReply = Replies.ScmRemoved,
            Upstream = static async (u, a, r, _) =>
                await u.RemoveScmAsync(a.Target.Controller, a.Target.Cgroup, a.Recursive, r).ConfigureAwait(false) == RemoveResult.Removed
                    ? RemoveOutcome.Removed : RemoveOutcome.Absent,
        },
        new RequestBinding<Target, IReadOnlyList<int>>(CompatApi.GetTasks, CompatApi.GetTasksScm)
        {
            Read = ReadTarget,
            Run = static (s, c, t, _) => s.Tasks.GetTasks(c, t.Controller, t.Cgroup),
            Reply = Replies.Pids,
            ScmReply = Replies.ScmPids,
            Upstream = static (u, t, r, _) => u.GetTasksScmAsync(t.Controller, t.Cgroup, r),
            Idempotent = true,
        },
        new RequestBinding<Target, IReadOnlyList<int>>(CompatApi.GetTasksRecursive, CompatApi.GetTasksRecursiveScm)
        {
            Read = ReadTarget,
            Run = static (s, c, t, _) => s.Tasks.GetTasksRecursive(c, t.Controller, t.Cgroup),
            Reply = Replies.Pids,
            ScmReply = Replies.ScmPids,
            Upstream = static (u, t, r, _) => u.GetTasksRecursiveScmAsync(t.Controller, t.Cgroup, r),
            Idempotent = true,
        },
        new RequestBinding<Target, IReadOnlyList<string>>(CompatApi.ListChildren, CompatApi.ListChildrenScm)
        {
            Read = ReadTarget,
            Run = static (s, c, t, _) => s.Lookup.ListChildren(c, t.Controller, t.Cgroup),
            Reply = Replies.Strings,
            ScmReply = Replies.ScmChildren,
            Upstream = static (u, t, r, _) => u.ListChildrenScmAsync(t.Controller, t.Cgroup, r),
            Idempotent = true,
        },
        new RequestBinding<Target, Done>(CompatApi.RemoveOnEmpty, CompatApi.RemoveOnEmptyScm)
        {
            Read = ReadTarget,
            Run = static (s, c, t, _) =>
            {
                s.Removal.RemoveOnEmpty(c, t.Controller, t.Cgroup);
                return default;
            },
            Reply = Replies.Nothing,
            ScmReply = Replies.ScmDone,
            Upstream = static (u, t, r, _) => FinishedAsync(u.RemoveOnEmptyScmAsync(t.Controller, t.Cgroup, r)),
        },
        new RequestBinding<Target, Done>(CompatApi.Prune, CompatApi.PruneScm)
        {
            Read = ReadTarget,
            Run = static (s, c, t, _) =>
            {
                s.Removal.Prune(c, t.Controller, t.Cgroup);
                return default;
            },
            Reply = Replies.Nothing,
            ScmReply = Replies.ScmDone,
            Upstream = static (u, t, r, _) => FinishedAsync(u.PruneScmAsync(t.Controller, t.Cgroup, r)),
        },
        new RequestBinding<Target, IReadOnlyList<CgroupKey>>(CompatApi.ListKeys, CompatApi.ListKeysScm)
        {
            Read = ReadTarget,
            Run = static (s, c, t, _) => s.Values.ListKeys(c, t.Controller, t.Cgroup),
            Reply = Replies.Keys,
            ScmReply = Replies.ScmKeys,
            Upstream = static async (u, t, r, _) =>
                (await u.ListKeysScmAsync(t.Controller, t.Cgroup, r).ConfigureAwait(false)).Select(k => new CgroupKey(k.Name, k.Uid, k.Gid, k.Mode)).ToArray(),
            Idempotent = true,
        },
    ];

    private static Target ReadTarget(ref MessageReader r) => new(r.ReadString(), r.ReadString());

    private static async Task<Done> FinishedAsync(Task call)
    {
        await call.ConfigureAwait(false);
        return default;
    }

    /// <summary>The two arguments nearly every method starts with.</summary>
    internal readonly record struct Target(string Controller, string Cgroup);
}
