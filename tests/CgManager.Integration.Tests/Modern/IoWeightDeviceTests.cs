using CgManager.Integration.Tests.Hardening;
using CgManager.Integration.Tests.Sandbox;
using CgManager.Tests.Requirements;

namespace CgManager.Integration.Tests.Modern;

/// <summary>
/// io.weight_device (the RFC's blkio_weight_device) on this host's v1 blkio hierarchy, through dbus-python: a
/// weight set for a real block device lands in the kernel's file and reads back; a device whose scheduler takes
/// no weight, a device the kernel does not have and a malformed value are refused with nothing written. The
/// tests never change a device's scheduler: each needs a device that already has the scheduler it exercises.
/// </summary>
public sealed class IoWeightDeviceTests : IClassFixture<SandboxFixture>
{
    private const string V1BfqFile = "blkio.bfq.weight_device";
    private static int s_counter;
    private readonly CgroupSandbox _sb;

    public IoWeightDeviceTests(SandboxFixture fixture) => _sb = fixture.Sandbox;

    private string Created()
    {
        string cg = $"wdev{Interlocked.Increment(ref s_counter)}";
        _sb.Py($"m.Create('{cg}', dbus.Array([], signature='s'), {{}}); out()");
        return cg;
    }

    /// <summary>The per-device weight file this kernel's blkio offers a child cgroup (CFQ's or BFQ's).</summary>
    private string WeightFile(string cg) =>
        new[] { "blkio.weight_device", V1BfqFile }.Select(f => Path.Combine(_sb.HostPath("blkio", cg), f)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{cg} has neither blkio.weight_device nor {V1BfqFile}");

    [DeviceWeightFact]
    public void A_weight_for_a_real_device_lands_in_the_kernel_file_and_reads_back()
    {
        var disk = HostRequirements.BlockDevices().First(d => HostRequirements.TakesWeights(d.Scheduler));
        string cg = Created();
        var r = _sb.Py($"s = call(m.SetValues, '{cg}', {{'io.weight_device': '{disk.Device} 150'}}); "
            + $"out(s=s, v=m.GetValues('{cg}', ['io.weight_device', 'blkio_weight_device']))");
        Assert.True(r.GetProperty("s").Ok(), r.ToString());
        string file = WeightFile(cg);
        bool cfq = Path.GetFileName(file) == "blkio.weight_device";
        Assert.Contains($"{disk.Device} {(cfq ? 750 : 150)}", File.ReadAllText(file), StringComparison.Ordinal); // CFQ's scale is ×5
        Assert.Equal($"{disk.Device} 150", r.GetProperty("v").GetProperty("io.weight_device").GetString());
        Assert.Equal($"{disk.Device} 150", r.GetProperty("v").GetProperty("blkio_weight_device").GetString());

        var removed = _sb.Py($"out(s=call(m.SetValues, '{cg}', {{'io.weight_device': '{disk.Device} default'}}), v=m.GetValues('{cg}', ['io.weight_device']))");
        Assert.True(removed.GetProperty("s").Ok(), removed.ToString());
        Assert.DoesNotContain(disk.Device + " ", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Equal(string.Empty, removed.GetProperty("v").GetProperty("io.weight_device").GetString());
    }

    [UnweightedDeviceFact]
    public void A_device_whose_scheduler_takes_no_weight_is_not_supported_and_the_call_changes_nothing()
    {
        var disk = HostRequirements.BlockDevices().First(d => !HostRequirements.TakesWeights(d.Scheduler));
        string cg = Created();
        _sb.Py($"m.SetValues('{cg}', {{'pids.max': dbus.UInt64(50)}}); out()");
        string before = File.ReadAllText(WeightFile(cg)); // Linux 6.x shows "default 100" in BFQ's v1 file too
        var r = _sb.Py($"out(s=call(m.SetValues, '{cg}', {{'pids.max': dbus.UInt64(7), 'io.weight_device': '{disk.Device} 150'}}), v=m.GetValues('{cg}', ['io.weight_device', 'pids.max']))");
        var s = r.GetProperty("s");
        Assert.False(s.Ok(), r.ToString());
        Assert.Equal(Manager1Python.ErrorPrefix + "NotSupported", s.Error());
        Assert.Contains($"device {disk.Device} takes no proportional weight", s.Message(), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(WeightFile(cg)));
        Assert.Equal(string.Empty, r.GetProperty("v").GetProperty("io.weight_device").GetString());
        Assert.Equal(50UL, r.GetProperty("v").GetProperty("pids.max").GetUInt64()); // the other key of the call was restored
    }

    [DeviceWeightFileFact]
    public void A_device_the_kernel_lacks_and_bad_values_are_invalid_arguments_with_nothing_written()
    {
        string cg = Created();
        string before = File.ReadAllText(WeightFile(cg));
        var r = _sb.Py($"out(nodev=call(m.SetValues, '{cg}', {{'io.weight_device': '259:999999 100'}}), "
            + $"range=call(m.SetValues, '{cg}', {{'io.weight_device': '7:0 10001'}}), bad=call(m.SetValues, '{cg}', {{'io.weight_device': 'sda 100'}}))");
        foreach (string name in new[] { "nodev", "range", "bad" })
        {
            var result = r.GetProperty(name);
            Assert.False(result.Ok(), r.ToString());
            Assert.Equal(Manager1Python.ErrorPrefix + "InvalidArgument", result.Error());
        }

        Assert.Contains("No such device", r.GetProperty("nodev").Message(), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(WeightFile(cg)));
    }
}

/// <summary>Needs a block device whose scheduler takes per-device weights (this suite never changes one).</summary>
public sealed class DeviceWeightFactAttribute : Xunit.FactAttribute
{
    public DeviceWeightFactAttribute() => Skip = HostRequirements.MissingForDeviceWeights;
}

/// <summary>Needs a block device whose scheduler takes no per-device weight.</summary>
public sealed class UnweightedDeviceFactAttribute : Xunit.FactAttribute
{
    public UnweightedDeviceFactAttribute() => Skip = HostRequirements.MissingForUnweightedDevice;
}

/// <summary>Needs the v1 blkio hierarchy with a per-device weight file (BFQ or CFQ built into the kernel).</summary>
public sealed class DeviceWeightFileFactAttribute : Xunit.FactAttribute
{
    public DeviceWeightFileFactAttribute() => Skip = HostRequirements.MissingForDeviceWeightFile;
}
