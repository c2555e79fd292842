using System.Globalization;
using CgManager.Integration.Tests.Infrastructure;
using CgManager.Integration.Tests.Sandbox;

namespace CgManager.Integration.Tests.Hardening;

/// <summary>Set-up by hand inside the test's own sandbox, as another user or an admin would, without the daemon.</summary>
internal static class HostCgroups
{
    /// <summary>mkdir of a cgroup in one hierarchy, owned by <paramref name="owner"/> (directory only, as a plain mkdir by that user gives).</summary>
    public static void MakeDir(this CgroupSandbox sb, string hierarchy, string cgroup, uint owner = 0)
    {
        string dir = sb.HostPath(hierarchy, cgroup);
        Directory.CreateDirectory(dir);
        if (owner != 0)
        {
            string ids = $"{owner.ToString(CultureInfo.InvariantCulture)}:{owner.ToString(CultureInfo.InvariantCulture)}";
            Assert.Equal(0, Tool.Run("chown", [ids, dir]).ExitCode);
        }
    }

    /// <summary>Moves a task of the test into a cgroup of one hierarchy.</summary>
    public static void MoveInto(this CgroupSandbox sb, string hierarchy, string cgroup, int pid) =>
        File.WriteAllText(Path.Combine(sb.HostPath(hierarchy, cgroup), "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>The process still runs (and is not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
