namespace CgManager.Linux;

public static unsafe partial class Sys
{
    /// <summary>
    /// Mounts a filesystem without attaching it anywhere (fsopen/fsconfig/fsmount): the result is
    /// an O_PATH fd of the new mount's root, visible in no mount namespace, gone when the last fd
    /// referring to it closes. <paramref name="flags"/> are fsconfig flag keys (e.g. "memory",
    /// "none"); <paramref name="strings"/> are key=value settings (e.g. name=systemd).
    /// Mount attributes nosuid, nodev and noexec are always set.
    /// </summary>
    public static SafeFd MountDetached(string fsType, IEnumerable<string> flags, IEnumerable<KeyValuePair<string, string>> strings, string subject)
    {
        int fsfd;
        fixed (byte* type = Interop.CPath(fsType))
        {
            fsfd = Check(Interop.fsopen(type, Interop.FSOPEN_CLOEXEC), "fsopen", fsType);
        }

        using var context = new SafeFd(fsfd);
        foreach (string flag in flags)
        {
            fixed (byte* key = Interop.CPath(flag))
            {
                Check(Interop.fsconfig(fsfd, Interop.FSCONFIG_SET_FLAG, key, null), "fsconfig", $"{subject} (option {flag})");
            }
        }

        foreach (var (name, value) in strings)
        {
            fixed (byte* key = Interop.CPath(name))
            fixed (byte* text = Interop.CPath(value))
            {
                Check(Interop.fsconfig(fsfd, Interop.FSCONFIG_SET_STRING, key, text), "fsconfig", $"{subject} (option {name}={value})");
            }
        }

        Check(Interop.fsconfig(fsfd, Interop.FSCONFIG_CMD_CREATE, null, null), "fsconfig(create)", subject);
        int mountFd = Check(
            Interop.fsmount(fsfd, Interop.FSMOUNT_CLOEXEC, Interop.MOUNT_ATTR_NOSUID | Interop.MOUNT_ATTR_NODEV | Interop.MOUNT_ATTR_NOEXEC),
            "fsmount", subject);
        return new SafeFd(mountFd);
    }
}
