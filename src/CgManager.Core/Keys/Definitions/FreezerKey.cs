namespace CgManager.Core.Keys.Definitions;

/// <summary>
/// <c>freezer.state</c>: FROZEN or THAWED (FREEZING while in progress). v1 <c>freezer.state</c> of the freezer
/// controller; v2 <c>cgroup.freeze</c> 1/0 (Linux 5.2+), with the reached state in <c>cgroup.events</c>'
/// <c>frozen</c> entry (cgroup-v2.rst, "Core Interface Files").
/// </summary>
/// <remarks>
/// Values are FROZEN/THAWED in any case (the RFC's "frozen" and "thawed"), or 1/0. A v2 cgroup asked to freeze
/// that is not frozen yet reads FREEZING, as v1 shows it. FREEZING cannot be written back on v1, so restoring a
/// cgroup that was freezing freezes it, which is where it was heading.
/// </remarks>
internal sealed class FreezerKey : KeyDefinition
{
    public const string Frozen = "FROZEN";
    public const string Thawed = "THAWED";
    public const string Freezing = "FREEZING";
    public const string V1File = "freezer.state";
    public const string V2File = "cgroup.freeze";
    public const string V2EventsFile = "cgroup.events";

    public FreezerKey()
        : base("freezer.state", KeyAccess.ReadWrite, "freezer", Hierarchies.Hierarchy.UnifiedToken)
    {
    }

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) =>
        version == CgroupVersion.V1 ? [V1File] : [V2File, V2EventsFile];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) =>
        version == CgroupVersion.V1 ? [V1File] : [V2File];

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        if (version == CgroupVersion.V1)
        {
            string state = KeyFiles.Require(files, V1File, Name).Trim();
            return state is Frozen or Thawed or Freezing ? KeyValue.Verbatim(state) : throw KeyErrors.Unreadable(Name, V1File, state);
        }

        string freeze = KeyFiles.Require(files, V2File, Name, "cgroup.freeze is absent: the root cgroup cannot be frozen, and kernels before 5.2 cannot freeze on cgroup v2").Trim();
        if (freeze == "0")
        {
            return KeyValue.Verbatim(Thawed);
        }

        if (freeze != "1")
        {
            throw KeyErrors.Unreadable(Name, V2File, freeze);
        }

        string? frozen = KeyFiles.Get(files, V2EventsFile) is { } events ? KeyFiles.Field(events, "frozen") : "1";
        return KeyValue.Verbatim(frozen == "1" ? Frozen : Freezing);
    }

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current)
    {
        string text = value.Text.Trim();
        bool freeze = text.Equals(Frozen, StringComparison.OrdinalIgnoreCase) || text == "1" ? true
            : text.Equals(Thawed, StringComparison.OrdinalIgnoreCase) || text == "0" ? false
            : throw KeyErrors.BadValue(Name, value, "is not FROZEN or THAWED");
        return version == CgroupVersion.V1
            ? [new FileWrite(V1File, freeze ? Frozen : Thawed)]
            : [new FileWrite(V2File, freeze ? "1" : "0")];
    }

    private protected override IReadOnlyList<FileWrite> RestoreCore(CgroupVersion version, IReadOnlyDictionary<string, string> before, IReadOnlyList<FileWrite> attempted)
    {
        string file = WrittenFiles(version)[0];
        if (KeyFiles.Get(before, file) is not { } old)
        {
            return [];
        }

        string text = old.Trim();
        return [new FileWrite(file, text == Freezing ? Frozen : text)];
    }
}
