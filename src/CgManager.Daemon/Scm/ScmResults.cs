using System.Buffers.Binary;
using System.Text;
using CgManager.Core.Operations;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Scm;

/// <summary>The result encodings of spec §4.6, each one datagram unless said otherwise; integers native-endian.</summary>
internal static class ScmResults
{
    public static readonly byte[] Failed = [(byte)'0'];
    public static readonly byte[] Done = [(byte)'1'];
    public static readonly byte[] Existed = [(byte)'2'];
    public static readonly byte[] EmptyDatagram = [];
    public static readonly byte[] MinusOne = Int32(-1);

    /// <summary>The one data byte sent with each credential (the reference sends 'p').</summary>
    private static readonly byte[] CredentialByte = [(byte)'p'];

    public static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        }

        return bytes;
    }

    /// <summary>A string result: its UTF-8 bytes and one NUL.</summary>
    public static void SendString(ScmSideChannel channel, string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        channel.Send(bytes);
    }

    /// <summary>
    /// A task list: the count, then one credential per task so that the kernel translates each
    /// pid into the reader's pid namespace. A task that exits meanwhile is replaced by the first
    /// one sent (as the reference), so the count still adds up.
    /// </summary>
    public static void SendPids(ScmSideChannel channel, IReadOnlyList<int> pids)
    {
        if (!channel.Send(Int32(pids.Count)))
        {
            return;
        }

        int? firstSent = null;
        foreach (int pid in pids)
        {
            var errno = channel.TrySendCredential(CredentialByte, new PeerCredentials(pid, 0, 0));
            if (errno is null)
            {
                firstSent ??= pid;
                continue;
            }

            if (errno != Errno.ESRCH || firstSent is null
                || channel.TrySendCredential(CredentialByte, new PeerCredentials(firstSent.Value, 0, 0)) is not null)
            {
                return;
            }
        }
    }

    /// <summary>A counted blob: the count; if non-zero, the length; then the bytes in one datagram.</summary>
    public static void SendBlob(ScmSideChannel channel, int count, byte[] blob)
    {
        if (!channel.Send(Int32(count)) || count == 0)
        {
            return;
        }

        if (channel.Send(Int32(blob.Length)))
        {
            channel.Send(blob);
        }
    }

    /// <summary>ListChildren: each name followed by a NUL.</summary>
    public static byte[] ChildrenBlob(IReadOnlyList<string> names)
    {
        var text = new StringBuilder();
        foreach (var name in names)
        {
            text.Append(name).Append('\0');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>ListKeys: name, uid, gid, perms, one per line, numbers as signed decimal (an unmapped id is -1).</summary>
    public static byte[] KeysBlob(IReadOnlyList<CgroupKey> keys)
    {
        var text = new StringBuilder();
        foreach (var key in keys)
        {
            text.Append(key.Name).Append('\n')
                .Append(unchecked((int)key.Uid)).Append('\n')
                .Append(unchecked((int)key.Gid)).Append('\n')
                .Append(unchecked((int)key.Mode)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
