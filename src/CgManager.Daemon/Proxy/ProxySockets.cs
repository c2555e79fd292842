using CgManager.Linux;

namespace CgManager.Daemon.Proxy;

/// <summary>
/// Where the proxy listens and where it finds the host daemon (spec §7.3): the host's socket folder,
/// bind-mounted into the container at the usual place, is moved aside to "&lt;folder&gt;.lower" and the
/// proxy serves the usual path in its place.
/// </summary>
internal static class ProxySockets
{
    public const string LowerSuffix = ".lower";

    /// <summary>The lower socket beside the upper one: /sys/fs/cgroup/cgmanager/sock → /sys/fs/cgroup/cgmanager.lower/sock.</summary>
    public static string LowerOf(string upperSocket)
    {
        string folder = Path.GetDirectoryName(upperSocket) ?? "/";
        return Path.Combine(folder.TrimEnd('/') + LowerSuffix, Path.GetFileName(upperSocket));
    }

    /// <summary>Relocates the host's folder if needed and returns the lower socket to forward to. Throws InvalidOperationException with the reason.</summary>
    public static string Prepare(string upperSocket)
    {
        string lowerSocket = LowerOf(upperSocket);
        bool upper = SocketSetup.Answers(upperSocket);
        bool lower = SocketSetup.Answers(lowerSocket);
        if (upper && lower)
        {
            throw new InvalidOperationException($"a proxy is already running: both {upperSocket} and {lowerSocket} answer");
        }

        if (lower)
        {
            return lowerSocket;
        }

        if (!upper)
        {
            throw new InvalidOperationException($"no cgroup manager answers on {upperSocket} or {lowerSocket}");
        }

        string upperFolder = Path.GetDirectoryName(upperSocket)!;
        string lowerFolder = Path.GetDirectoryName(lowerSocket)!;
        Directory.CreateDirectory(lowerFolder);
        try
        {
            // The container's bind mount of the host folder moves aside; the folder under it is the container's own.
            Sys.Mount(upperFolder, lowerFolder, null, MountFlags.MS_MOVE);
            Log.Info($"proxy: moved the mount {upperFolder} to {lowerFolder}");
        }
        catch (LinuxException e)
        {
            // Not a mount point (no container around it): rename the folder instead, as the reference does.
            Log.Info($"proxy: cannot move {upperFolder} ({e.Errno.Describe()}); renaming it to {lowerFolder}");
            if (File.Exists(lowerSocket))
            {
                File.Delete(lowerSocket);
            }

            Directory.Delete(lowerFolder);
            Directory.Move(upperFolder, lowerFolder);
            Directory.CreateDirectory(upperFolder);
        }

        return lowerSocket;
    }
}
