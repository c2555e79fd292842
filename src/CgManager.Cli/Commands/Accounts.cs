using System.Globalization;

namespace CgManager.Cli.Commands;

/// <summary>USER[:GROUP] as names from /etc/passwd and /etc/group, or numbers; the user's primary group when GROUP is left out.</summary>
internal static class Accounts
{
    public static (uint Uid, uint Gid) Resolve(string spec, string passwd = "/etc/passwd", string group = "/etc/group")
    {
        string[] parts = spec.Split(':', 2);
        uint uid;
        uint? primary = null;
        if (uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint number))
        {
            uid = number;
            primary = Lookup(passwd, 2, parts[0], 3);
        }
        else
        {
            uid = Lookup(passwd, 0, parts[0], 2) ?? throw new UsageException($"cgm delegate: no user '{parts[0]}' in {passwd}");
            primary = Lookup(passwd, 0, parts[0], 3);
        }

        if (parts.Length == 2)
        {
            return (uid, uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint g)
                ? g
                : Lookup(group, 0, parts[1], 2) ?? throw new UsageException($"cgm delegate: no group '{parts[1]}' in {group}"));
        }

        return (uid, primary ?? uid);
    }

    /// <summary>Field <paramref name="wanted"/> of the first line whose field <paramref name="keyField"/> is <paramref name="key"/>, as a number.</summary>
    private static uint? Lookup(string file, int keyField, string key, int wanted)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (string line in File.ReadLines(file))
        {
            string[] fields = line.Split(':');
            if (fields.Length > Math.Max(keyField, wanted) && fields[keyField] == key
                && uint.TryParse(fields[wanted], NumberStyles.None, CultureInfo.InvariantCulture, out uint value))
            {
                return value;
            }
        }

        return null;
    }
}
