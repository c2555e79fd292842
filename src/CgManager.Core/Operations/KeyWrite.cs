using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Keys;
using CgManager.Core.Paths;

namespace CgManager.Core.Operations;

/// <summary>
/// One key of a multi-value call: the files it will write, their contents before, the writes
/// tried, and how to put things back (so SetValues and Create are all-or-nothing).
/// </summary>
internal sealed class KeyWrite
{
    private readonly KeyDefinition _definition;
    private readonly MountedHierarchy _hierarchy;
    private readonly CgroupVersion _version;
    private readonly CgroupPath _target;
    private readonly Dictionary<string, string> _before = new(StringComparer.Ordinal);
    private readonly List<FileWrite> _attempted = [];

    private KeyWrite(KeyDefinition definition, MountedHierarchy hierarchy, CgroupVersion version, CgroupPath target)
    {
        _definition = definition;
        _hierarchy = hierarchy;
        _version = version;
        _target = target;
    }

    public static KeyWrite Prepare(CgroupService service, Caller caller, string cgroup, string key)
    {
        if (!NeutralKeys.TryGet(key, out _))
        {
            KeyRules.ValidateSetValueKey(key);
        }

        var definition = NeutralKeys.Resolve(key);
        var (hierarchy, version) = service.HierarchyForKey(definition, key);
        var own = MembershipOf(caller, hierarchy);
        var proxy = caller.Style == CallStyle.Plain ? own : Hierarchies.MembershipResolver.Find(caller.ProxyCgroups, hierarchy.Model, caller.Proxy.Pid);
        var target = CgroupResolver.Resolve(MethodGroup.Lookup, cgroup, own, proxy).Target;
        SetValuePolicy.MaySetValue(caller.Requestor, target, own, proxy).ThrowIfDenied();
        if (hierarchy.Facts(hierarchy.PathOf(target)) is null)
        {
            throw new CgException(CgErrorKind.NoSuchCgroup, $"{hierarchy.Name}:{target} does not exist");
        }

        var write = new KeyWrite(definition, hierarchy, version, target);
        foreach (var file in definition.FilesToReadBeforeWrite(version))
        {
            string path = hierarchy.PathOf(target, file);
            if (hierarchy.Facts(path) is { } facts)
            {
                if (definition.FilesWritten(version).Contains(file))
                {
                    FileAccessPolicy.MayAccess(caller.Requestor, facts, AccessMode.Write, hierarchy.Label(target, file)).ThrowIfDenied();
                }

                write._before[file] = KernelErrors.Do($"reading {hierarchy.Label(target, file)}", () => hierarchy.Root.ReadAllText(path)).TrimEnd('\n');
            }
        }

        return write;
    }

    public void Apply(KeyValue value)
    {
        foreach (var file in _definition.Write(_version, value, _before))
        {
            _attempted.Add(file);
            Write(file);
        }
    }

    /// <summary>Puts back what this key changed; failures here are swallowed (the original error is reported).</summary>
    public void Undo()
    {
        if (_attempted.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var file in _definition.Restore(_version, _before, _attempted))
            {
                Write(file);
            }
        }
        catch (CgException)
        {
        }
        catch (Linux.LinuxException)
        {
        }
    }

    private void Write(FileWrite file)
    {
        string what = $"writing \"{file.Text}\" to {_hierarchy.Name}:{_target}/{file.File}";
        KernelErrors.Do(what, () => _hierarchy.Root.WriteText(_hierarchy.PathOf(_target, file.File), file.Text + "\n"));
    }

    private static CgroupPath MembershipOf(Caller caller, MountedHierarchy hierarchy) =>
        Hierarchies.MembershipResolver.Find(caller.RequestorCgroups, hierarchy.Model, caller.Requestor.Pid);
}
