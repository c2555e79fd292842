namespace CgManager.Linux.Sockets;

/// <summary>A process's identity as the kernel vouches for it (SO_PEERCRED or SCM_CREDENTIALS), in the receiver's namespaces.</summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    public override string ToString() => $"pid {Pid} uid {Uid} gid {Gid}";
}
