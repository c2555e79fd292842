namespace CgManager.Linux;

/// <summary>
/// Safe reading and replacing of the daemon's small state files next to its socket: never through a
/// symlink, never trusting a file that is not the daemon's own or that others may write. Core keeps
/// what the journals mean (FreezeJournal, MarkJournal); the file system is reached only here.
/// </summary>
public static class JournalFile
{
    private const uint FileMode = 0x180; // 0600

    /// <summary>The file's text, or "" if it is missing, a symlink, not a regular file of the daemon's user, writable by others, or hard-linked.</summary>
    public static string ReadTrusted(string path)
    {
        try
        {
            using var fd = Sys.Open(path, OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW | OpenFlags.O_NONBLOCK);
            var status = Sys.Fstat(fd);
            if (status.Type != FileType.Regular || status.Uid != Sys.GetEuid() || (status.Permissions & 0x12) != 0 || status.LinkCount != 1)
            {
                return "";
            }

            return Sys.ReadAllText(fd, maxBytes: 16 << 20);
        }
        catch (LinuxException)
        {
            return ""; // none (ENOENT), a symlink (ELOOP), or unreadable: nothing to recover
        }
    }

    private static int s_serial;

    /// <summary>Writes a fresh file (O_EXCL: never through someone's link) and renames it over <paramref name="path"/>.</summary>
    /// <exception cref="LinuxException">The file could not be written.</exception>
    public static void Replace(string path, string text)
    {
        string temp = $"{path}.{Environment.ProcessId}.{Interlocked.Increment(ref s_serial)}";
        try
        {
            using (var fd = Sys.Open(temp, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_NOFOLLOW, FileMode))
            {
                if (text.Length > 0)
                {
                    Sys.WriteText(fd, text);
                }
            }

            Sys.RenameAt(null, temp, null, path);
        }
        catch (LinuxException)
        {
            try
            {
                Sys.UnlinkAt(null, temp);
            }
            catch (LinuxException)
            {
                // It was never made.
            }

            throw;
        }
    }
}
