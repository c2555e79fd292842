using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Keys;
using CgManager.Core.Paths;
using CgManager.Linux;
using static CgManager.Core.Operations.CgroupContext;

namespace CgManager.Core.Operations;

/// <summary>One entry of ListKeys: a file's name, owner and group as r sees them, and its full st_mode.</summary>
public readonly record struct CgroupKey(string Name, uint Uid, uint Gid, uint Mode);

/// <summary>
/// Values of a cgroup's files: compat GetValue, SetValue and ListKeys of one hierarchy's file names (with v1 names
/// on v2, <see cref="V1NameValues"/>), and Manager1's GetValues and all-or-nothing SetValues of version-neutral keys
/// (docs/keys.md). Both kinds of write share one preparation (<see cref="PrepareSetValueTarget"/>).
/// </summary>
public sealed class ValueOperations
{
    /// <summary>Ids that have no name in r's user namespace (the kernel's overflow id is not used: the reference says -1).</summary>
    public const uint UnmappedId = uint.MaxValue;

    private readonly CgroupContext _context;
    private readonly V1NameValues _v1Names;

    internal ValueOperations(CgroupContext context)
    {
        _context = context;
        _v1Names = new V1NameValues(context);
    }

    /// <summary>GetValue: the contents of one file of a cgroup, trailing newlines removed. Spec §3.9.</summary>
    public string GetValue(Caller caller, string controller, string cgroup, string key)
    {
        KeyRules.ValidateKey(key);
        var hierarchy = _v1Names.SelectForKey(controller, key, CgMethod.GetValue, out var spelling);
        var target = _context.ResolveReadable(caller, hierarchy, CgMethod.GetValue, cgroup);
        if (spelling is not null)
        {
            return V1NameValues.Get(caller, hierarchy, target, spelling);
        }

        string path = hierarchy.PathOf(target, key);
        string what = hierarchy.Label(target, key);
        if (!caller.Requestor.IsHostRoot)
        {
            KeyFiles.RequireAccess(caller, hierarchy, path, what, AccessMode.Read);
        }

        return KeyFiles.On(hierarchy, path, what, () => hierarchy.Root.ReadAllText(path), $"reading {what}").TrimEnd('\n');
    }

    /// <summary>
    /// SetValue: writes one value (a newline appended, one write(), so the kernel's verdict is the
    /// answer). Files that move tasks or steer the hierarchy are refused (S-9). Spec §3.10.
    /// </summary>
    public void SetValue(Caller caller, string controller, string cgroup, string key, string value)
    {
        KeyRules.ValidateSetValueKey(key);
        var hierarchy = _v1Names.SelectForKey(controller, key, CgMethod.SetValue, out var spelling);
        var target = PrepareSetValueTarget(caller, hierarchy, cgroup);
        if (spelling is not null)
        {
            V1NameValues.Set(caller, hierarchy, target, spelling, value);
            return;
        }

        string path = hierarchy.PathOf(target, key);
        string what = hierarchy.Label(target, key);
        if (value.Length == 0 || !caller.Requestor.IsHostRoot)
        {
            KeyFiles.RequireAccess(caller, hierarchy, path, what, AccessMode.Write);
        }

        if (value.Length == 0)
        {
            return; // as the reference: nothing to write, once the key is known to exist and be writable
        }

        string text = value.EndsWith('\n') ? value : value + "\n";
        KeyFiles.On(hierarchy, path, what, () => hierarchy.Root.WriteText(path, text), $"writing \"{value}\" to {what}");
    }

    /// <summary>
    /// The cgroup a write of a value goes to, with every check that comes before the key's own files: the one
    /// preparation of compat SetValue and of Manager1 SetValues / Create with values (<see cref="KeyWrite"/>), so
    /// their rules cannot drift apart. The lookup-group resolution confined to p's cgroup, the settings rule for
    /// user namespaces (<see cref="SetValuePolicy"/>), an existing directory (else "no such cgroup") and read
    /// access to it. The key files then go through <see cref="KeyFiles"/>: a missing one is "invalid key".
    /// </summary>
    internal CgroupPath PrepareSetValueTarget(Caller caller, MountedHierarchy hierarchy, string cgroup)
    {
        var own = RequestorCgroup(caller, hierarchy);
        var proxy = _context.ProxyCgroup(caller, hierarchy);
        var resolved = CgroupResolver.Resolve(MethodGroup.Lookup, cgroup, own, proxy);
        Allow(SetValuePolicy.MaySetValue(caller.Requestor, resolved.Target, own, proxy));
        var dir = RequireCgroup(hierarchy, resolved.Target);
        Allow(FileAccessPolicy.MayAccess(caller.Requestor, dir, AccessMode.Read, $"{hierarchy.Name}:{resolved.Target}"));
        return resolved.Target;
    }

    /// <summary>ListKeys: every regular file of a cgroup with owner, group (as r sees them) and st_mode. Spec §3.18, confined (S-8).</summary>
    public IReadOnlyList<CgroupKey> ListKeys(Caller caller, string controller, string cgroup)
    {
        var hierarchy = _context.SelectOne(controller, CgMethod.ListKeys);
        var target = _context.ResolveReadable(caller, hierarchy, CgMethod.ListKeys, cgroup);
        var requestor = caller.Requestor;
        var keys = new List<CgroupKey>();
        foreach (var entry in KernelErrors.Do($"listing {hierarchy.Name}:{target}", () => hierarchy.Root.ListEntries(hierarchy.PathOf(target))))
        {
            if (entry.Type != FileType.Regular)
            {
                continue;
            }

            var status = hierarchy.Root.TryStat(hierarchy.PathOf(target, entry.Name));
            keys.Add(status is { } s
                ? new CgroupKey(entry.Name, Inside(requestor.UidMap, s.Uid), Inside(requestor.GidMap, s.Gid), s.Mode)
                : new CgroupKey(entry.Name, UnmappedId, UnmappedId, 0));
        }

        return keys;
    }

    private static uint Inside(Linux.Proc.IdMap map, uint hostId) => map.TryMapToInside(hostId, out uint inside) ? inside : UnmappedId;

    /// <summary>
    /// SetValues: every value or none; what was written before a failure is restored, and a restore that fails is
    /// a RestoreFailed error naming what stayed changed. Each key gets SetValue's checks (<see cref="KeyWrite.Prepare"/>).
    /// </summary>
    public void SetValues(Caller caller, string cgroup, IReadOnlyList<KeyValuePair<string, KeyValue>> values) =>
        AllOrNothing.Run(values.Select(v => (Func<IRestorable>)(() => KeyWrite.Prepare(this, caller, cgroup, v.Key, v.Value))));

    /// <summary>GetValues: each key read and converted for the host's cgroup version.</summary>
    public IReadOnlyList<KeyValuePair<string, KeyValue>> GetValues(Caller caller, string cgroup, IReadOnlyList<string> keys)
    {
        var result = new List<KeyValuePair<string, KeyValue>>(keys.Count);
        foreach (var key in keys)
        {
            var definition = NeutralKeys.Resolve(key);
            var (hierarchy, version) = HierarchyForKey(definition, key);
            var target = _context.ResolveReadable(caller, hierarchy, CgMethod.GetValue, cgroup);
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in definition.FilesToRead(version))
            {
                string path = hierarchy.PathOf(target, file);
                var facts = hierarchy.Facts(path);
                if (facts is null)
                {
                    continue;
                }

                Allow(FileAccessPolicy.MayAccess(caller.Requestor, facts, AccessMode.Read, hierarchy.Label(target, file)));
                files[file] = KernelErrors.Do($"reading {hierarchy.Label(target, file)}", () => hierarchy.Root.ReadAllText(path)).TrimEnd('\n');
            }

            result.Add(new(key, definition.Read(version, files)));
        }

        return result;
    }

    /// <summary>The hierarchy a key lives on here, and its version: by the key's controller, or for a raw name by its prefix.</summary>
    internal (MountedHierarchy Hierarchy, CgroupVersion Version) HierarchyForKey(KeyDefinition definition, string key)
    {
        foreach (var mounted in _context.Mounted.OrderBy(m => m.IsUnified))
        {
            var version = mounted.IsUnified ? CgroupVersion.V2 : CgroupVersion.V1;
            string? controller = definition.IsRaw ? RawController(key, mounted) : definition.ControllerOn(version);
            if (controller is null)
            {
                continue;
            }

            if (controller == CgManager.Core.Hierarchies.Hierarchy.UnifiedToken ? mounted.IsUnified : mounted.Model.Matches(controller))
            {
                return (mounted, version);
            }
        }

        if (!definition.IsRaw && _context.Mounted.Count > 0)
        {
            // a key with no form on this host's version: its own reason, saying what to use instead
            definition.FilesToRead(_context.Mounted.Any(m => m.IsUnified) ? CgroupVersion.V2 : CgroupVersion.V1);
        }

        throw new CgException(CgErrorKind.NotSupported, $"{key}: no hierarchy on this host carries it");
    }

    private static string? RawController(string key, MountedHierarchy mounted)
    {
        string prefix = key.Split('.')[0];
        return prefix == "cgroup" ? (mounted.IsUnified ? CgManager.Core.Hierarchies.Hierarchy.UnifiedToken : null) : prefix;
    }
}
