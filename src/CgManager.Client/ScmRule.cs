using CgManager.Linux;

namespace CgManager.Client;

/// <summary>The pieces of <see cref="CgManagerClient.ShouldUseScm"/>, apart so that each can be tested.</summary>
internal static class ScmRule
{
    /// <summary>include/linux/proc_ns.h: PROC_PID_INIT_INO, fixed since Linux 3.8.</summary>
    public const ulong InitialPidNamespaceInode = 0xEFFFFFFC;

    /// <summary>include/linux/proc_ns.h: PROC_USER_INIT_INO.</summary>
    public const ulong InitialUserNamespaceInode = 0xEFFFFFFD;

    /// <summary>The folder a proxy moves the daemon's socket folder to (spec §1.1, §7.3).</summary>
    public const string LowerFolderName = "cgmanager.lower";

    /// <param name="proxyPresent">A cgmanager.lower folder exists beside the socket's folder.</param>
    /// <param name="pidInode">Our pid namespace's inode, null if the kernel has no such link.</param>
    /// <param name="userInode">Our user namespace's inode, null if the kernel has no such link.</param>
    public static bool Decide(bool proxyPresent, ulong? pidInode, ulong? userInode) =>
        !proxyPresent
        && ((pidInode is { } pid && pid != InitialPidNamespaceInode) || (userInode is { } user && user != InitialUserNamespaceInode));

    public static bool ProxyPresent(string socketPath)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(socketPath));
        string? parent = folder is null ? null : Path.GetDirectoryName(folder);
        return parent is not null && Directory.Exists(Path.Combine(parent, LowerFolderName));
    }

    public static ulong? OwnNamespaceInode(string kind)
    {
        try
        {
            return Sys.Stat("/proc/self/ns/" + kind).Inode;
        }
        catch (LinuxException)
        {
            return null;
        }
    }
}
