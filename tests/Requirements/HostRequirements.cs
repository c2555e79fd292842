namespace CgManager.Tests.Requirements;

/// <summary>
/// What a test of the real kernel needs from the machine, so that a missing piece skips the test with its
/// reason instead of failing it. Each check returns null when the requirement is met, else the reason.
/// Read once per test run: the machine does not change under a run.
/// </summary>
internal static class HostRequirements
{
    private static readonly Lazy<string?> CgroupTestsMissing = new(FindMissingForCgroupTests);
    private static readonly Lazy<string?> VmMissing = new(FindMissingForVm);
    private static readonly Lazy<string?> PsiTriggersMissing = new(FindMissingForPsiTriggers);

    /// <summary>Root, a mounted cgroup filesystem, and the tools the sandbox and the clients run.</summary>
    public static string? MissingForCgroupTests => CgroupTestsMissing.Value;

    /// <summary>Everything the cgroup tests need, plus what tests/v2vm/run.sh boots its guest with.</summary>
    public static string? MissingForVm => VmMissing.Value;

    /// <summary>Everything the cgroup tests need, and a kernel that arms PSI triggers (some kernels refuse every trigger with EINVAL).</summary>
    public static string? MissingForPsiTriggers => PsiTriggersMissing.Value;

    private static string? FindMissingForPsiTriggers()
    {
        if (FindMissingForCgroupTests() is { } missing)
        {
            return missing;
        }

        try
        {
            // the kernel's own example trigger, on the system-wide file; closing the file disarms it
            using var pressure = new FileStream("/proc/pressure/cpu", FileMode.Open, FileAccess.ReadWrite);
            pressure.Write("some 150000 1000000\0"u8);
            pressure.Flush();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"this kernel does not arm PSI triggers (/proc/pressure/cpu: {e.Message}); the pure-v2 VM lane tests them";
        }
    }

    private static string? FindMissingForCgroupTests()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return "needs root: starts the daemon in a cgroup sandbox it creates (run the suite as root)";
        }

        if (!File.ReadAllText("/proc/self/mountinfo").Split('\n').Any(line => line.Contains(" - cgroup", StringComparison.Ordinal)))
        {
            return "no cgroup filesystem is mounted on this machine";
        }

        return MissingTool("unshare", "setpriv", "nsenter", "busctl", "gdbus", "dbus-send", "python3");
    }

    private static string? FindMissingForVm()
    {
        if (FindMissingForCgroupTests() is { } missing)
        {
            return missing;
        }

        if (MissingTool("qemu-system-x86_64", "cpio", "xz") is { } tool)
        {
            return tool;
        }

        if (!File.Exists("/usr/bin/busybox"))
        {
            return "needs /usr/bin/busybox (busybox-static) for the VM's init: scripts/install-deps.sh installs it";
        }

        bool kernelWith9p = Directory.Exists("/boot") && Directory.EnumerateFiles("/boot", "vmlinuz-*")
            .Any(k => Directory.Exists($"/lib/modules/{Path.GetFileName(k)["vmlinuz-".Length..]}/kernel/fs/9p"));
        return kernelWith9p ? null : "needs a kernel with 9p modules in /boot (linux-image-amd64): scripts/install-deps.sh installs it";
    }

    private static string? MissingTool(params string[] names)
    {
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':');
        foreach (string name in names)
        {
            if (!path.Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, name))))
            {
                return $"needs '{name}' on PATH: scripts/install-deps.sh installs it";
            }
        }

        return null;
    }
}
