using System.Globalization;
using System.Text;
using CgManager.Linux;

namespace CgManager.Integration.Tests.Sandbox;

/// <summary>
/// A text snapshot of the sandbox on the real filesystem: every cgroup directory and file with owner and mode, and
/// the contents of the files a request could change (limits, task lists, release flags). Compared before and
/// after a refused call to prove nothing changed.
/// </summary>
public static class SandboxTree
{
    private static readonly HashSet<string> WatchedFiles = new(StringComparer.Ordinal)
    {
        "memory.limit_in_bytes", "memory.soft_limit_in_bytes", "cgroup.procs", "tasks", "notify_on_release", "cpu.shares",
        "pids.max", "cgroup.subtree_control", "cgroup.clone_children",
    };

    public static string Capture(CgroupSandbox sandbox)
    {
        var text = new StringBuilder();
        foreach (var (hierarchy, dir) in sandbox.Dirs.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            Walk(text, hierarchy, dir, "/");
        }

        return text.ToString();
    }

    private static void Walk(StringBuilder text, string hierarchy, string dir, string relative)
    {
        Line(text, $"{hierarchy}:{relative}", Sys.Stat(dir));
        foreach (string file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            Line(text, $"{hierarchy}:{relative.TrimEnd('/')}/{name}", Sys.Stat(file));
            // Clients of concurrent tests come and go in the sandbox root: its task lists are not the test's business.
            bool transient = relative == "/" && name is "cgroup.procs" or "tasks";
            if (WatchedFiles.Contains(name) && !transient)
            {
                string content;
                try
                {
                    content = File.ReadAllText(file);
                }
                catch (IOException e)
                {
                    content = "<" + e.Message + ">";
                }

                text.Append("  = ").AppendLine(content.TrimEnd('\n').Replace("\n", " ", StringComparison.Ordinal));
            }
        }

        foreach (string child in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
        {
            Walk(text, hierarchy, child, $"{relative.TrimEnd('/')}/{Path.GetFileName(child)}");
        }
    }

    private static void Line(StringBuilder text, string what, FileStatus status) =>
        text.Append(what).Append(' ').Append(status.Uid.ToString(CultureInfo.InvariantCulture)).Append(':')
            .Append(status.Gid.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .AppendLine(Convert.ToString(status.Mode, 8));
}
