using CgManager.Core.Keys.Codecs;

namespace CgManager.Core.Keys.Definitions;

/// <summary>A key that is one file on each version it exists on, translated by a <see cref="ValueCodec"/>.</summary>
internal sealed class FileKey : KeyDefinition
{
    private readonly string? _v1File;
    private readonly string? _v2File;
    private readonly ValueCodec _codec;
    private readonly string? _unsupported;
    private readonly string? _whenMissing;

    /// <summary>
    /// A key over <paramref name="v1File"/> and <paramref name="v2File"/> (null where it has no form);
    /// <paramref name="unsupported"/> says why it has none and what to use instead; <paramref name="whenMissing"/>
    /// why the file can be absent (an older kernel), to say so instead of "does not exist".
    /// </summary>
    public FileKey(string name, KeyAccess access, ValueCodec codec,
        string? v1Controller, string? v1File, string? v2Controller, string? v2File,
        string? unsupported = null, string? whenMissing = null)
        : base(name, access, v1File is null ? null : v1Controller, v2File is null ? null : v2Controller)
    {
        _v1File = v1File;
        _v2File = v2File;
        _codec = codec;
        _unsupported = unsupported;
        _whenMissing = whenMissing;
    }

    private protected override IReadOnlyList<string> ReadFiles(CgroupVersion version) => [File(version)];

    private protected override IReadOnlyList<string> WrittenFiles(CgroupVersion version) => [File(version)];

    private protected override KeyValue ReadCore(CgroupVersion version, IReadOnlyDictionary<string, string> files)
    {
        string file = File(version);
        return _codec.Decode(version, KeyFiles.Require(files, file, Name, _whenMissing), Name, file);
    }

    private protected override IReadOnlyList<FileWrite> WriteCore(CgroupVersion version, KeyValue value, IReadOnlyDictionary<string, string> current) =>
        [new FileWrite(File(version), _codec.Encode(version, value, Name))];

    private protected override string UnsupportedReason(CgroupVersion version) => _unsupported ?? base.UnsupportedReason(version);

    private string File(CgroupVersion version) =>
        (version == CgroupVersion.V1 ? _v1File : _v2File) ?? throw new InvalidOperationException("checked by the base class");
}
