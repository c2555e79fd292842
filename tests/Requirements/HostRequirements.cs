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
    private static readonly Lazy<string?> DeviceWeightsMissing = new(() => FindMissingForDeviceWeights(weighted: true));
    private static readonly Lazy<string?> UnweightedDeviceMissing = new(() => FindMissingForDeviceWeights(weighted: false));
    private static readonly Lazy<string?> DeviceWeightFileMissing = new(FindMissingForDeviceWeightFile);

    /// <summary>Root, a mounted cgroup filesystem, and the tools the sandbox and the clients run.</summary>
    public static string? MissingForCgroupTests => CgroupTestsMissing.Value;

    /// <summary>Everything the cgroup tests need, plus what tests/v2vm/run.sh boots its guest with.</summary>
    public static string? MissingForVm => VmMissing.Value;

    /// <summary>Everything the cgroup tests need, and a kernel that arms PSI triggers (some kernels refuse every trigger with EINVAL).</summary>
    public static string? MissingForPsiTriggers => PsiTriggersMissing.Value;

    /// <summary>Everything the cgroup tests need, a v1 blkio hierarchy, and a block device whose scheduler takes per-device weights (BFQ or CFQ).</summary>
    public static string? MissingForDeviceWeights => DeviceWeightsMissing.Value;

    /// <summary>As <see cref="MissingForDeviceWeights"/>, but a block device whose scheduler takes none (mq-deadline, none...).</summary>
    public static string? MissingForUnweightedDevice => UnweightedDeviceMissing.Value;

    /// <summary>Everything the cgroup tests need, a v1 blkio hierarchy, and BFQ or CFQ in the kernel (its per-device weight file in child cgroups).</summary>
    public static string? MissingForDeviceWeightFile => DeviceWeightFileMissing.Value;

    /// <summary>The block devices as "MAJ:MIN" and their selected scheduler ("vda" → ("254:0", "mq-deadline")).</summary>
    public static IReadOnlyList<(string Name, string Device, string Scheduler)> BlockDevices() =>
        Directory.Exists("/sys/block")
            ? Directory.EnumerateDirectories("/sys/block")
                .Where(d => File.Exists(Path.Combine(d, "dev")) && File.Exists(Path.Combine(d, "queue", "scheduler")))
                .Select(d => (Path.GetFileName(d), File.ReadAllText(Path.Combine(d, "dev")).Trim(), Selected(File.ReadAllText(Path.Combine(d, "queue", "scheduler")))))
                .OrderBy(d => d.Item1, StringComparer.Ordinal)
                .ToArray()
            : [];

    /// <summary>True for a scheduler with per-device cgroup weights.</summary>
    public static bool TakesWeights(string scheduler) => scheduler is "bfq" or "cfq";

    private static string Selected(string schedulers) =>
        schedulers.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => s.StartsWith('['))?.Trim('[', ']', '\n') ?? schedulers.Trim();

    private static string? FindMissingForDeviceWeightFile()
    {
        if (FindMissingForCgroupTests() is { } missing)
        {
            return missing;
        }

        if (!File.Exists("/sys/fs/cgroup/blkio/blkio.reset_stats"))
        {
            return "needs the v1 blkio hierarchy at /sys/fs/cgroup/blkio; the pure-v2 VM lane tests io.weight_device on v2";
        }

        // a scheduler the kernel offers has registered its blkio policy, and with it the weight file of child cgroups
        bool offered = Directory.Exists("/sys/block") && Directory.EnumerateDirectories("/sys/block").Select(d => Path.Combine(d, "queue", "scheduler")).Where(File.Exists)
                .Any(f => File.ReadAllText(f).Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(s => TakesWeights(s.Trim('[', ']', '\n'))));
        return offered ? null : "the kernel offers neither BFQ nor CFQ to any block device, so blkio has no per-device weight file";
    }

    private static string? FindMissingForDeviceWeights(bool weighted)
    {
        if (FindMissingForDeviceWeightFile() is { } missing)
        {
            return missing;
        }

        var devices = BlockDevices();
        if (devices.Any(d => TakesWeights(d.Scheduler) == weighted))
        {
            return null;
        }

        string seen = devices.Count == 0 ? "no block devices" : string.Join(", ", devices.Select(d => $"{d.Name} ({d.Device}): {d.Scheduler}"));
        return weighted
            ? $"no block device here uses BFQ or CFQ ({seen}), so blkio.bfq.weight_device and blkio.weight_device take no device, "
                + "and this test does not change a host device's scheduler; the pure-v2 VM lane (tests/v2vm/lane.sh, io_weight_device_*) sets BFQ on its own disk"
            : $"every block device here uses BFQ or CFQ ({seen}): none to show the refusal of a device without weights";
    }

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
