using CgManager.Contract.Scm;
using CgManager.Linux;
using CgManager.Linux.Sockets;

namespace CgManager.Daemon.Scm;

/// <summary>The results of spec §4.6 that take more than one datagram; the encodings themselves are the contract's (<see cref="ScmEncoding"/>).</summary>
internal static class ScmResults
{
    private static readonly byte[] CredentialByte = [ScmEncoding.CredentialByte];

    /// <summary>
    /// A task list: the count, then one credential per task so that the kernel translates each
    /// pid into the reader's pid namespace. A task that exits meanwhile is replaced by the first
    /// one sent (as the reference), so the count still adds up.
    /// </summary>
    public static void SendPids(ScmSideChannel channel, IReadOnlyList<int> pids)
    {
        if (!channel.Send(ScmEncoding.Int32(pids.Count)))
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
        if (!channel.Send(ScmEncoding.Int32(count)) || count == 0)
        {
            return;
        }

        if (channel.Send(ScmEncoding.Int32(blob.Length)))
        {
            channel.Send(blob);
        }
    }
}
