using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Keys;
using CgManager.Core.Paths;

namespace CgManager.Core.Operations;

/// <summary>
/// The modern interface's view (issue 7): a cgroup is one name across the hierarchies, keys are
/// version-neutral (docs/keys.md) or raw file names, multi-value calls are all-or-nothing, and
/// pids and ids are the requestor's own.
/// </summary>
public sealed partial class CgroupService
{
    /// <summary>
    /// Create: the cgroup below r's own in every hierarchy carrying one of <paramref name="controllers"/>
    /// (all managed hierarchies when empty), then the values. Any failure removes exactly the
    /// directories this call made, deepest first. Returns true if it made any, false if it existed everywhere already.
    /// </summary>
    public bool CreateWithValues(Caller caller, string cgroup, IReadOnlyList<string> controllers, IReadOnlyList<KeyValuePair<string, KeyValue>> values)
    {
        string selector = controllers.Count == 0 ? CgManager.Core.Hierarchies.ControllerSelector.All : string.Join(',', controllers);
        var (hierarchies, _) = Select(selector, CgMethod.Create);
        // Only what mkdir made in this call is undone: never r's own cgroup (""), nor an ancestor or
        // a cgroup that existed, in any hierarchy.
        var made = new CreationRecord();
        try
        {
            foreach (var hierarchy in hierarchies)
            {
                CreateIn(caller, hierarchy, cgroup, selector, made);
            }

            if (values.Count > 0)
            {
                SetValues(caller, cgroup, values);
            }

            return made.Count > 0;
        }
        catch
        {
            made.Undo();
            throw;
        }
    }

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
            var target = ResolveReadable(caller, hierarchy, CgMethod.GetValue, cgroup);
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
        foreach (var mounted in _mounted.Values.OrderBy(m => m.IsUnified))
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

        if (!definition.IsRaw && _mounted.Count > 0)
        {
            // a key with no form on this host's version: its own reason, saying what to use instead
            definition.FilesToRead(_mounted.Values.Any(m => m.IsUnified) ? CgroupVersion.V2 : CgroupVersion.V1);
        }

        throw new CgException(CgErrorKind.NotSupported, $"{key}: no hierarchy on this host carries it");
    }

    private static string? RawController(string key, MountedHierarchy mounted)
    {
        string prefix = key.Split('.')[0];
        return prefix == "cgroup" ? (mounted.IsUnified ? CgManager.Core.Hierarchies.Hierarchy.UnifiedToken : null) : prefix;
    }

    /// <summary>The cgroup an argument names below r's own (creation-group rules, existence not required).</summary>
    internal static CgroupPath ResolveModern(Caller caller, MountedHierarchy hierarchy, string cgroup) =>
        CgroupResolver.Resolve(MethodGroup.Creation, cgroup, RequestorCgroup(caller, hierarchy), PeerCgroup(caller, hierarchy)).Target;
}
