using CgManager.Core.Operations;
using CgManager.DBus;

namespace CgManager.Daemon.Modern;

/// <summary>GetTree's reply, <c>a(sa{sv})</c>: each cgroup and its values, encoded as GetValues encodes them.</summary>
internal static class TreeReply
{
    public static void Write(MessageWriter writer, IReadOnlyList<TreeEntry> entries) =>
        writer.WriteValue("a(sa{sv})", new DBusArray("(sa{sv})", entries
            .Select(e => (object)new DBusStruct([e.Cgroup, ValueVariants.Dictionary(e.Values)]))
            .ToArray()));
}
