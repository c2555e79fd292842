using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Keys;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>
/// One key of a multi-value call: the files it will write, their contents before, the writes
/// tried, and how to put things back (so SetValues and Create are all-or-nothing, see <see cref="AllOrNothing"/>).
/// </summary>
internal sealed class KeyWrite : IRestorable
{
    private readonly KeyDefinition _definition;
    private readonly MountedHierarchy _hierarchy;
    private readonly CgroupVersion _version;
    private readonly CgroupPath _target;
    private readonly KeyValue _value;
    private readonly Dictionary<string, string> _before = new(StringComparer.Ordinal);
    private readonly List<FileWrite> _attempted = [];

    private KeyWrite(KeyDefinition definition, MountedHierarchy hierarchy, CgroupVersion version, CgroupPath target, KeyValue value)
    {
        _definition = definition;
        _hierarchy = hierarchy;
        _version = version;
        _target = target;
        _value = value;
    }

    /// <summary>
    /// Checks as compat SetValue does (<see cref="ValueOperations.PrepareSetValueTarget"/>, then write access to each
    /// existing file the key writes) and reads what the key needs and what it may overwrite.
    /// </summary>
    public static KeyWrite Prepare(ValueOperations values, Caller caller, string cgroup, string key, KeyValue value)
    {
        if (!NeutralKeys.TryGet(key, out _))
        {
            KeyRules.ValidateSetValueKey(key);
        }

        var definition = NeutralKeys.Resolve(key);
        var (hierarchy, version) = values.HierarchyForKey(definition, key);
        var target = values.PrepareSetValueTarget(caller, hierarchy, cgroup);
        var write = new KeyWrite(definition, hierarchy, version, target, value);
        var written = definition.FilesWritten(version);
        foreach (var file in definition.FilesToReadBeforeWrite(version))
        {
            string path = hierarchy.PathOf(target, file);
            string what = hierarchy.Label(target, file);
            if (hierarchy.Facts(path) is { } facts)
            {
                if (written.Contains(file))
                {
                    FileAccessPolicy.MayAccess(caller.Requestor, facts, AccessMode.Write, what).ThrowIfDenied();
                }

                write._before[file] = KeyFiles.On(hierarchy, path, what, () => hierarchy.Root.ReadAllText(path), $"reading {what}").TrimEnd('\n');
            }
        }

        return write;
    }

    public void Apply()
    {
        foreach (var file in _definition.Write(_version, _value, _before))
        {
            WriteOrInstead(file);
        }
    }

    /// <summary>
    /// Writes, and where the kernel refuses the device (blkg_conf_prep fails before changing anything: ENODEV for
    /// a device it does not have, EOPNOTSUPP for a policy the device lacks) forgets the write, whose restore would
    /// be refused the same way, and writes what the key offers instead.
    /// </summary>
    private void WriteOrInstead(FileWrite file)
    {
        _attempted.Add(file);
        try
        {
            Write(file);
        }
        catch (CgException e) when (e.InnerException is LinuxException { Errno: Errno.ENODEV or Errno.EOPNOTSUPP } refusal)
        {
            _attempted.RemoveAt(_attempted.Count - 1);
            if (refusal.Errno != Errno.EOPNOTSUPP)
            {
                throw;
            }

            if (_definition.InsteadOfUnsupported(_version, _value, _before, file) is { } instead)
            {
                WriteOrInstead(instead);
                return;
            }

            if (_definition.UnsupportedWriteReason(_version, file) is { } why)
            {
                throw new CgException(CgErrorKind.NotSupported, $"{_definition.Name}: {why} ({e.Detail})", e);
            }

            throw;
        }
    }

    /// <summary>Puts back what this key changed, every file tried; what could not be put back, with why.</summary>
    public IReadOnlyList<string> Restore()
    {
        var failed = new List<string>();
        if (_attempted.Count == 0)
        {
            return failed;
        }

        foreach (var file in _definition.Restore(_version, _before, _attempted))
        {
            try
            {
                Write(file);
            }
            catch (CgException e)
            {
                failed.Add($"{_hierarchy.Label(_target, file.File)} (back to \"{file.Text}\": {e.Message})");
            }
        }

        return failed;
    }

    /// <summary>As SetValue writes: a key file that is not there is "invalid key", anything else the kernel's answer.</summary>
    private void Write(FileWrite file)
    {
        string path = _hierarchy.PathOf(_target, file.File);
        string what = _hierarchy.Label(_target, file.File);
        KeyFiles.On(_hierarchy, path, what, () => _hierarchy.Root.WriteText(path, file.Text + "\n"), $"writing \"{file.Text}\" to {what}");
    }
}
