using CgManager.Core.Keys.Conversions;

namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// <c>devices.allow</c> and <c>devices.deny</c>: write-only v1 commands, one rule per line, one write per rule;
/// their effect reads through <c>devices.list</c>.
/// </summary>
/// <remarks>
/// <para>On v2 device access is an eBPF program attached to the cgroup (cgroup-v2.rst, "Device controller"), which
/// cgmanager does not implement yet, so the keys say "not supported" rather than touch anything.</para>
/// <para>Restoring rebuilds the old <c>devices.list</c>: "a" to devices.allow if it was "a *:* rwm", otherwise
/// "a" to devices.deny and each old rule to devices.allow, as runc's device emulator replays a list. Exact for
/// deny-by-default cgroups (what containers use); an allow-by-default cgroup's deny exceptions are not shown by
/// devices.list, so the kernel gives nothing to restore them from.</para>
/// </remarks>
internal sealed class DeviceRuleKey : KeyDefinition
{
    public const string AllowFile = "devices.allow";
    public const string DenyFile = "devices.deny";
    public const string ListFile = "devices.list";

    /// <summary>Why v2 has no device keys yet.</summary>
    public const string NoV2 = "cgroup v2 controls devices with an eBPF program, which cgmanager does not implement yet";

    private readonly string _file;

    public DeviceRuleKey(string file)
        : base(file, KeyAccess.WriteOnly, "devices", null)
    {
        _file = file;
    }

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) => [];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) => [AllowFile, DenyFile];

    private protected override IReadOnlyList<string> WriteInputFiles(CgroupVersion version) => [ListFile];

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files) =>
        throw new InvalidOperationException("write-only keys are refused by the base class");

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current)
    {
        var writes = KeyFiles.Lines(value.Text)
            .Select(line => new FileWrite(_file, DeviceRules.Normalize(line)
                ?? throw KeyErrors.BadValue(Name, value, $"has '{line}', which is not a device rule such as 'c 1:3 rwm' or 'a'")))
            .ToArray();
        return writes.Length > 0 ? writes : throw KeyErrors.BadValue(Name, value, "holds no device rule");
    }

    private protected override IReadOnlyList<FileWrite> RestoreCore(CgroupVersion version, IReadOnlyDictionary<string, string> before, IReadOnlyList<FileWrite> attempted)
    {
        if (KeyFiles.Get(before, ListFile) is not { } list)
        {
            return [];
        }

        var rules = KeyFiles.Lines(list).ToArray();
        if (rules is [DeviceRules.AllowAll])
        {
            return [new FileWrite(AllowFile, "a")];
        }

        return [new FileWrite(DenyFile, "a"), .. rules.Select(rule => new FileWrite(AllowFile, rule))];
    }

    private protected override string UnsupportedReason(CgroupVersion version) => NoV2;

    private protected override string ReadInstead() => "; read devices.list";
}
