using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>One entry of ListKeys: a file's name, owner and group as r sees them, and its full st_mode.</summary>
public readonly record struct CgroupKey(string Name, uint Uid, uint Gid, uint Mode);

public sealed partial class CgroupService
{
    /// <summary>Ids that have no name in r's user namespace (the kernel's overflow id is not used: the reference says -1).</summary>
    public const uint UnmappedId = uint.MaxValue;

    /// <summary>GetValue: the contents of one file of a cgroup, trailing newlines removed. Spec §3.9.</summary>
    public string GetValue(Caller caller, string controller, string cgroup, string key)
    {
        KeyRules.ValidateKey(key);
        var hierarchy = SelectForKey(controller, key, CgMethod.GetValue, out var spelling);
        var target = ResolveReadable(caller, hierarchy, CgMethod.GetValue, cgroup);
        if (spelling is not null)
        {
            return GetV1Spelling(caller, hierarchy, target, spelling);
        }

        string path = hierarchy.PathOf(target, key);
        string what = hierarchy.Label(target, key);
        if (!caller.Requestor.IsHostRoot)
        {
            RequireKeyAccess(caller, hierarchy, path, what, AccessMode.Read);
        }

        return OnKey(hierarchy, path, what, () => hierarchy.Root.ReadAllText(path), $"reading {what}").TrimEnd('\n');
    }

    /// <summary>
    /// SetValue: writes one value (a newline appended, one write(), so the kernel's verdict is the
    /// answer). Files that move tasks or steer the hierarchy are refused (S-9). Spec §3.10.
    /// </summary>
    public void SetValue(Caller caller, string controller, string cgroup, string key, string value)
    {
        KeyRules.ValidateSetValueKey(key);
        var hierarchy = SelectForKey(controller, key, CgMethod.SetValue, out var spelling);
        var target = PrepareSetValueTarget(caller, hierarchy, cgroup);
        if (spelling is not null)
        {
            SetV1Spelling(caller, hierarchy, target, spelling, value);
            return;
        }

        string path = hierarchy.PathOf(target, key);
        string what = hierarchy.Label(target, key);
        if (value.Length == 0 || !caller.Requestor.IsHostRoot)
        {
            RequireKeyAccess(caller, hierarchy, path, what, AccessMode.Write);
        }

        if (value.Length == 0)
        {
            return; // as the reference: nothing to write, once the key is known to exist and be writable
        }

        string text = value.EndsWith('\n') ? value : value + "\n";
        OnKey(hierarchy, path, what, () => hierarchy.Root.WriteText(path, text), $"writing \"{value}\" to {what}");
    }

    /// <summary>
    /// The cgroup a write of a value goes to, with every check that comes before the key's own files: the one
    /// preparation of compat SetValue and of Manager1 SetValues / Create with values (<see cref="KeyWrite"/>), so
    /// their rules cannot drift apart. The lookup-group resolution confined to p's cgroup, the settings rule for
    /// user namespaces (<see cref="SetValuePolicy"/>), an existing directory (else "no such cgroup") and read
    /// access to it. The key files then go through <see cref="RequireKeyAccess"/> and <see cref="OnKey{T}"/>: a
    /// missing one is "invalid key".
    /// </summary>
    internal CgroupPath PrepareSetValueTarget(Caller caller, MountedHierarchy hierarchy, string cgroup)
    {
        var own = RequestorCgroup(caller, hierarchy);
        var proxy = ProxyCgroup(caller, hierarchy);
        var resolved = CgroupResolver.Resolve(MethodGroup.Lookup, cgroup, own, proxy);
        Allow(SetValuePolicy.MaySetValue(caller.Requestor, resolved.Target, own, proxy));
        var dir = RequireCgroup(hierarchy, resolved.Target);
        Allow(FileAccessPolicy.MayAccess(caller.Requestor, dir, AccessMode.Read, $"{hierarchy.Name}:{resolved.Target}"));
        return resolved.Target;
    }

    /// <summary>
    /// r's right to a key file, by its stat. Host root may read and write any file that exists, and
    /// whether it exists the open itself tells (<see cref="OnKey{T}"/>), so its reads and writes skip this.
    /// </summary>
    internal static void RequireKeyAccess(Caller caller, MountedHierarchy hierarchy, string path, string what, AccessMode mode)
    {
        var facts = hierarchy.Facts(path) ?? throw MissingKey(what);
        Allow(FileAccessPolicy.MayAccess(caller.Requestor, facts, mode, what));
    }

    /// <summary>
    /// Reads or writes a key file. ENOENT is InvalidKey when the file is indeed not there (as when a
    /// stat found none), and the kernel's own answer otherwise.
    /// </summary>
    internal static T OnKey<T>(MountedHierarchy hierarchy, string path, string what, Func<T> action, string doing)
    {
        try
        {
            return action();
        }
        catch (LinuxException e) when (e.Errno == Errno.ENOENT && hierarchy.Facts(path) is null)
        {
            throw MissingKey(what);
        }
        catch (LinuxException e)
        {
            throw KernelErrors.ToCgException(e, doing);
        }
    }

    internal static void OnKey(MountedHierarchy hierarchy, string path, string what, Action action, string doing) =>
        OnKey(hierarchy, path, what, () =>
        {
            action();
            return true;
        }, doing);

    private static CgException MissingKey(string what) => new(CgErrorKind.InvalidKey, $"{what} does not exist");

    /// <summary>ListKeys: every regular file of a cgroup with owner, group (as r sees them) and st_mode. Spec §3.18, confined (S-8).</summary>
    public IReadOnlyList<CgroupKey> ListKeys(Caller caller, string controller, string cgroup)
    {
        var hierarchy = SelectOne(controller, CgMethod.ListKeys);
        var target = ResolveReadable(caller, hierarchy, CgMethod.ListKeys, cgroup);
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
}
