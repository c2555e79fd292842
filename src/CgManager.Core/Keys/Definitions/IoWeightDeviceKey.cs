using System.Globalization;
using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// <c>io.weight_device</c>: per-device proportional I/O weights on the v2 scale, see <see cref="IoDeviceWeights"/>.
/// v2 <c>io.weight</c> device lines (iocost), else <c>io.bfq.weight</c>'s (BFQ); v1 <c>blkio.weight_device</c>
/// (CFQ, gone since Linux 5.0), else <c>blkio.bfq.weight_device</c>, converted as <see cref="IoWeightKey"/> does.
/// </summary>
/// <remarks>
/// Which file takes a device's weight depends on the device: iocost only where it is enabled in the root's
/// <c>io.cost.qos</c>, BFQ and CFQ only where they are the device's scheduler. The kernel tells by refusing the
/// write with EOPNOTSUPP before changing anything, and the write then goes to the scheduler's file
/// (<see cref="InsteadOfUnsupportedCore"/>), as systemd writes both. Reads merge both files, the first's line
/// winning for a device in both. A write changes only the devices it names; restoring puts back each touched
/// device's old line, or removes the weight it did not have.
/// </remarks>
internal sealed class IoWeightDeviceKey : KeyDefinition
{
    public const string V1File = "blkio.weight_device";
    public const string V1BfqFile = "blkio.bfq.weight_device";

    public IoWeightDeviceKey()
        : base("io.weight_device", KeyAccess.ReadWrite, "blkio", "io")
    {
    }

    private enum Scale
    {
        V2,
        Blkio,
        Bfq,
    }

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) =>
        version == CgroupVersion.V1 ? [V1File, V1BfqFile] : [IoWeightKey.V2File, IoWeightKey.V2BfqFile];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) => ReadFiles(version);

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        Present(version, files);
        var weights = new SortedDictionary<DeviceNumber, ulong>();
        foreach (string file in ReadFiles(version))
        {
            if (KeyFiles.Get(files, file) is not { } text)
            {
                continue;
            }

            var table = IoDeviceWeights.ParseFile(text) ?? throw KeyErrors.Unreadable(Name, file, text);
            foreach (var (device, weight) in table)
            {
                weights.TryAdd(device, ToWeight(ScaleOf(file), weight));
            }
        }

        return KeyValue.Verbatim(IoDeviceWeights.Format(weights));
    }

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current)
    {
        var requests = IoDeviceWeights.ParseRequest(value, Name);
        string file = Present(version, current)[0];
        return requests.Select(r => Line(file, r.Key, r.Value)).ToArray();
    }

    /// <summary>The device's line for the scheduler's file, where the first file (iocost or CFQ) was refused.</summary>
    private protected override FileWrite? InsteadOfUnsupportedCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current, FileWrite refused)
    {
        var present = Present(version, current);
        if (present.Count < 2 || refused.File != present[0] || DeviceWrites.DeviceOf(refused.Text) is not { } device)
        {
            return null;
        }

        var request = IoDeviceWeights.ParseRequest(value, Name).First(r => r.Key == device);
        return Line(present[1], device, request.Value);
    }

    private protected override string WhyUnsupported(CgroupVersion version, FileWrite refused) =>
        $"device {DeviceWrites.DeviceOf(refused.Text)?.ToString() ?? refused.Text} takes no proportional weight: "
        + (version == CgroupVersion.V1
            ? "its scheduler is neither BFQ nor CFQ"
            : "iocost is not enabled for it (the root's io.cost.qos) and its scheduler is not BFQ")
        + " (see /sys/dev/block/MAJ:MIN/queue/scheduler)";

    private protected override IReadOnlyList<FileWrite> RestoreCore(CgroupVersion version, IReadOnlyDictionary<string, string> before, IReadOnlyList<FileWrite> attempted)
    {
        var restores = new List<FileWrite>();
        foreach (var (write, device) in DeviceWrites.LastFirstPerDevice(attempted))
        {
            var old = KeyFiles.Get(before, write.File) is { } text ? IoDeviceWeights.ParseFile(text) : null;
            restores.Add(old is not null && old.TryGetValue(device, out ulong weight)
                ? new FileWrite(write.File, IoDeviceWeights.FormatLine(device, weight.ToString(CultureInfo.InvariantCulture)))
                : Line(write.File, device, null));
        }

        return restores;
    }

    /// <summary>The files present, the preferred first (iocost or CFQ, then BFQ).</summary>
    private List<string> Present(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        var present = ReadFiles(version).Where(files.ContainsKey).ToList();
        return present.Count > 0 ? present
            : throw KeyErrors.NotSupported(Name, version == CgroupVersion.V1
                ? $"neither {V1File} nor {V1BfqFile} exists: the kernel has neither CFQ nor BFQ weights (and a hierarchy's root has no per-device weights)"
                : $"neither {IoWeightKey.V2File} nor {IoWeightKey.V2BfqFile} exists: the kernel has neither iocost nor BFQ (and the root cgroup has no weights)");
    }

    /// <summary>One device's write: the weight on the file's scale, or the file's way of removing it (null).</summary>
    private static FileWrite Line(string file, DeviceNumber device, ulong? weight)
    {
        Scale scale = ScaleOf(file);
        string text = weight is { } w
            ? (scale switch { Scale.Blkio => IoWeights.WeightToBlkio(w), Scale.Bfq => IoWeights.WeightToBfq(w), _ => w }).ToString(CultureInfo.InvariantCulture)
            : scale == Scale.Blkio ? "0" : IoDeviceWeights.DefaultWord; // CFQ removes on 0; BFQ and iocost take "default"
        return new FileWrite(file, IoDeviceWeights.FormatLine(device, text));
    }

    private static ulong ToWeight(Scale scale, ulong weight) => scale switch
    {
        Scale.Blkio => IoWeights.BlkioToWeight(weight),
        Scale.Bfq => IoWeights.BfqToWeight(weight),
        _ => Math.Clamp(weight, IoWeights.WeightMin, IoWeights.WeightMax),
    };

    private static Scale ScaleOf(string file) => file switch
    {
        V1File => Scale.Blkio,
        V1BfqFile or IoWeightKey.V2BfqFile => Scale.Bfq,
        _ => Scale.V2,
    };
}
