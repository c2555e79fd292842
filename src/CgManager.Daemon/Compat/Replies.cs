using CgManager.Contract.Scm;
using CgManager.Core.Operations;
using CgManager.Daemon.Scm;
using CgManager.DBus;

namespace CgManager.Daemon.Compat;

/// <summary>A method with nothing to return.</summary>
internal readonly record struct Done;

/// <summary>How a result goes into a plain method's reply.</summary>
internal delegate void PlainReply<in T>(MessageWriter reply, T result);

/// <summary>How a result goes back on an Scm side channel, and the datagram that says the request failed.</summary>
internal sealed record ScmReply<T>(Action<ScmSideChannel, T> Send, byte[] Failure);

/// <summary>The reply and result encodings the compat methods share (spec §3, §4.6); one per kind of result.</summary>
internal static class Replies
{
    public static readonly PlainReply<Done> Nothing = static (_, _) => { };
    public static readonly PlainReply<string> String = static (w, s) => w.WriteString(s);
    public static readonly PlainReply<IReadOnlyList<string>> Strings = static (w, s) => w.WriteStringArray(s);
    public static readonly PlainReply<IReadOnlyList<int>> Pids = static (w, p) => w.WriteInt32Array(p);
    public static readonly PlainReply<IReadOnlyList<CgroupKey>> Keys = static (w, k) => WriteKeys(w, k);

    /// <summary>Create's <c>existed</c>: 1 if it was there already, -1 if this call made it (as 0.42).</summary>
    public static readonly PlainReply<CreateOutcome> Created = static (w, o) => w.WriteInt32(o == CreateOutcome.Existed ? 1 : -1);

    /// <summary>Remove's <c>existed</c>: 1 if this call removed it, -1 if there was nothing to remove.</summary>
    public static readonly PlainReply<RemoveOutcome> Removed = static (w, o) => w.WriteInt32(o == RemoveOutcome.Removed ? 1 : -1);

    private static readonly byte[] FailedByte = [ScmEncoding.Failed];
    private static readonly byte[] MinusOne = ScmEncoding.Int32(-1);

    public static readonly ScmReply<Done> ScmDone = new(static (ch, _) => ch.Send([ScmEncoding.Done]), FailedByte);
    public static readonly ScmReply<string> ScmString = new(static (ch, s) => ch.Send(ScmEncoding.String(s)), []);
    public static readonly ScmReply<IReadOnlyList<int>> ScmPids = new(ScmResults.SendPids, MinusOne);

    public static readonly ScmReply<CreateOutcome> ScmCreated =
        new(static (ch, o) => ch.Send([o == CreateOutcome.Existed ? ScmEncoding.Existed : ScmEncoding.Done]), FailedByte);

    public static readonly ScmReply<RemoveOutcome> ScmRemoved =
        new(static (ch, o) => ch.Send([o == RemoveOutcome.Removed ? ScmEncoding.Existed : ScmEncoding.Done]), FailedByte);

    public static readonly ScmReply<IReadOnlyList<string>> ScmChildren =
        new(static (ch, names) => ScmResults.SendBlob(ch, names.Count, ScmEncoding.Children(names)), MinusOne);

    public static readonly ScmReply<IReadOnlyList<CgroupKey>> ScmKeys =
        new(static (ch, keys) => ScmResults.SendBlob(ch, keys.Count, ScmEncoding.Keys(keys.Select(k => new ScmKey(k.Name, k.Uid, k.Gid, k.Mode)))), MinusOne);

    /// <summary>ListKeys' answer, a(suuu).</summary>
    private static void WriteKeys(MessageWriter writer, IReadOnlyList<CgroupKey> keys)
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
