namespace CgManager.Core.Keys;

/// <summary>
/// One key and its translation to the files of a v1 or v2 hierarchy. Pure: the caller reads and writes the files.
/// </summary>
/// <remarks>
/// <para><b>Reading</b>: read <see cref="FilesToRead"/> from the cgroup (leave out files that do not exist), then
/// <see cref="Read"/>.</para>
/// <para><b>Writing, all or nothing</b>: read <see cref="FilesToReadBeforeWrite"/> (what the translation needs,
/// e.g. the memory limit for a v1 swap limit, and the old contents of every file it may write); get the writes
/// from <see cref="Write"/> and apply them in order; if one fails, apply <see cref="Restore"/> for the writes
/// already attempted (the failed one included), and do the same for earlier keys of the call, last key first.
/// Restoring is more than writing the old text back: keyed files such as <c>io.max</c> take one entry per
/// write, and a device that had no entry must have its new one removed. A write the kernel refuses for its
/// device (ENODEV: no such device; EOPNOTSUPP: the device lacks the policy) changed nothing and is not passed to
/// <see cref="Restore"/>: its restore would be refused the same way. After EOPNOTSUPP, write
/// <see cref="InsteadOfUnsupported"/> where the key has something else to try.</para>
/// </remarks>
public abstract class KeyDefinition
{
    private protected KeyDefinition(string name, KeyAccess access, string? v1Controller, string? v2Controller)
    {
        Name = name;
        Access = access;
        V1Controller = v1Controller;
        V2Controller = v2Controller;
    }

    /// <summary>The key as clients spell it.</summary>
    public string Name { get; }

    public KeyAccess Access { get; }

    /// <summary>The v1 controller whose hierarchy holds the files, or null if the key has no v1 form (and for raw keys).</summary>
    public string? V1Controller { get; }

    /// <summary>
    /// The v2 controller the files belong to, <c>unified</c> for core files every v2 cgroup has
    /// (<c>cgroup.freeze</c>), or null if the key has no v2 form (and for raw keys).
    /// </summary>
    public string? V2Controller { get; }

    /// <summary>True for a raw kernel file name: the caller's controller argument chooses the hierarchy.</summary>
    public virtual bool IsRaw => false;

    /// <summary>The controller whose hierarchy serves the key on <paramref name="version"/>, or null (see above).</summary>
    public string? ControllerOn(CgroupVersion version) => version == CgroupVersion.V1 ? V1Controller : V2Controller;

    /// <summary>True if the key can be used on a hierarchy of <paramref name="version"/>.</summary>
    public bool IsSupportedOn(CgroupVersion version) => IsRaw || ControllerOn(version) is not null;

    /// <summary>The files <see cref="Read"/> needs.</summary>
    /// <exception cref="Errors.CgException">NotSupported on this version; InvalidKey for a write-only key.</exception>
    public IReadOnlyList<string> FilesToRead(CgroupVersion version)
    {
        CheckRead(version);
        return ReadFiles(version);
    }

    /// <summary>The files to read before <see cref="Write"/>: its inputs and the old contents of everything it may write.</summary>
    /// <exception cref="Errors.CgException">NotSupported on this version; InvalidKey for a read-only key.</exception>
    public IReadOnlyList<string> FilesToReadBeforeWrite(CgroupVersion version)
    {
        CheckWrite(version);
        return WriteInputFiles(version).Union(WrittenFiles(version), StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every file <see cref="Write"/> may write on <paramref name="version"/> (some writes depend on what exists).</summary>
    /// <exception cref="Errors.CgException">NotSupported on this version; InvalidKey for a read-only key.</exception>
    public IReadOnlyList<string> FilesWritten(CgroupVersion version)
    {
        CheckWrite(version);
        return WrittenFiles(version);
    }

    /// <summary>The neutral value from the contents of <see cref="FilesToRead"/> (absent files left out).</summary>
    /// <exception cref="Errors.CgException">NotSupported when a needed file is absent; Failed when its text makes no sense.</exception>
    public KeyValue Read(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        CheckRead(version);
        return ReadCore(version, files);
    }

    /// <summary>The writes, in order, that set <paramref name="value"/>, given the contents of <see cref="FilesToReadBeforeWrite"/>.</summary>
    /// <exception cref="Errors.CgException">InvalidArgument for a bad value; NotSupported; InvalidKey for a read-only key.</exception>
    public IReadOnlyList<FileWrite> Write(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(current);
        CheckWrite(version);
        return WriteCore(version, value, current);
    }

    /// <summary>
    /// The writes, in order, that put back what <paramref name="before"/> (the contents of
    /// <see cref="FilesToReadBeforeWrite"/>) held, undoing <paramref name="attempted"/> (a prefix of
    /// <see cref="Write"/>'s list, the failed write included).
    /// </summary>
    public IReadOnlyList<FileWrite> Restore(CgroupVersion version, IReadOnlyDictionary<string, string> before, IReadOnlyList<FileWrite> attempted)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(attempted);
        return attempted.Count == 0 ? [] : RestoreCore(version, before, attempted);
    }

    /// <summary>
    /// What to write instead of <paramref name="refused"/>, one of <see cref="Write"/>'s writes that the kernel
    /// refused as unsupported (EOPNOTSUPP) before changing anything, or null if the key has nothing else to try
    /// (a device's weight goes to BFQ's file where the device has no iocost).
    /// </summary>
    public FileWrite? InsteadOfUnsupported(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current, FileWrite refused)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(current);
        return InsteadOfUnsupportedCore(version, value, current, refused);
    }

    /// <summary>Why the kernel refused <paramref name="refused"/> as unsupported, in the key's terms, or null for the kernel's words alone.</summary>
    public string? UnsupportedWriteReason(CgroupVersion version, FileWrite refused) => WhyUnsupported(version, refused);

    public override string ToString() => Name;

    private protected abstract IReadOnlyList<string> ReadFiles(CgroupVersion version);

    private protected abstract IReadOnlyList<string> WrittenFiles(CgroupVersion version);

    /// <summary>Files a write needs besides the ones it writes.</summary>
    private protected virtual IReadOnlyList<string> WriteInputFiles(CgroupVersion version) => [];

    private protected abstract KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files);

    private protected abstract IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current);

    /// <summary>
    /// Default: the old text of each written file, last written first, which is right for files holding one value
    /// and keeps ordering constraints (v1 memory below memory+swap) satisfied on the way back.
    /// </summary>
    private protected virtual IReadOnlyList<FileWrite> RestoreCore(CgroupVersion version, IReadOnlyDictionary<string, string> before, IReadOnlyList<FileWrite> attempted)
    {
        var restores = new List<FileWrite>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = attempted.Count - 1; i >= 0; i--)
        {
            string file = attempted[i].File;
            if (seen.Add(file) && KeyFiles.Get(before, file) is { } old)
            {
                restores.Add(new FileWrite(file, old));
            }
        }

        return restores;
    }

    private protected virtual FileWrite? InsteadOfUnsupportedCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current, FileWrite refused) => null;

    private protected virtual string? WhyUnsupported(CgroupVersion version, FileWrite refused) => null;

    /// <summary>Why the key has no form on <paramref name="version"/>: say what to use instead where something exists.</summary>
    private protected virtual string UnsupportedReason(CgroupVersion version) =>
        $"the key has no cgroup {(version == CgroupVersion.V1 ? "v1" : "v2")} equivalent";

    private void CheckSupported(CgroupVersion version)
    {
        if (!IsSupportedOn(version))
        {
            throw KeyErrors.NotSupported(Name, UnsupportedReason(version));
        }
    }

    private void CheckRead(CgroupVersion version)
    {
        CheckSupported(version);
        if (Access == KeyAccess.WriteOnly)
        {
            throw KeyErrors.WrongUse(Name, "the key is write-only" + ReadInstead());
        }
    }

    private void CheckWrite(CgroupVersion version)
    {
        CheckSupported(version);
        if (Access == KeyAccess.ReadOnly)
        {
            throw KeyErrors.WrongUse(Name, "the key is read-only");
        }
    }

    /// <summary>For write-only keys: where their effect can be read.</summary>
    private protected virtual string ReadInstead() => string.Empty;
}
