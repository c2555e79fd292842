namespace CgManager.Daemon;

/// <summary>The host's machine id for org.freedesktop.DBus.Peer.GetMachineId.</summary>
internal static class MachineId
{
    public static string Read()
    {
        foreach (var path in new[] { "/etc/machine-id", "/var/lib/dbus/machine-id" })
        {
            try
            {
                string id = File.ReadAllText(path).Trim();
                if (id.Length == 32)
                {
                    return id;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        // No machine id on this host: a stable answer per run is all GetMachineId promises.
        return Guid.NewGuid().ToString("N");
    }
}
