using CgManager.Core.Access;
using CgManager.Core.Errors;
using CgManager.Core.Hierarchies;
using CgManager.Core.Keys;
using CgManager.Core.Paths;
using static CgManager.Core.Operations.CgroupContext;

namespace CgManager.Core.Operations;

/// <summary>
/// Compat GetValue/SetValue of v1 file names on the v2 hierarchy (<see cref="V1Spelling"/>), so that LXC 1.x/2.x
/// and cgm scripts run unchanged on a v2 host. The checks are SetValue's and GetValue's own; only the files differ.
/// </summary>
internal sealed class V1NameValues
{
    private readonly CgroupContext _context;

    public V1NameValues(CgroupContext context) => _context = context;

    /// <summary>
    /// The hierarchy of a GetValue/SetValue, and the v1 spelling to go through when the key is a v1 file name
    /// and the hierarchy is v2. On a host whose v1 controller is gone (pure v2), its name still selects the v2
    /// hierarchy for a v1 file it covers there (<c>freezer</c> for <c>freezer.state</c>, <c>blkio</c> for
    /// <c>blkio.weight</c>), as old clients name the controller by the file's prefix.
    /// </summary>
    public MountedHierarchy SelectForKey(string controller, string key, CgMethod method, out V1Spelling? spelling)
    {
        V1Spelling.TryGet(key, out V1Spelling? candidate);
        var hierarchies = _context.Hierarchies;
        MountedHierarchy hierarchy;
        try
        {
            hierarchy = _context.SelectOne(controller, method);
        }
        catch (CgException e) when (e.Kind == CgErrorKind.InvalidController && candidate is not null
            && candidate.Definition.V1Controller == controller && hierarchies.Unified is { } unified
            && !hierarchies.TryFind(controller, out _) && !hierarchies.TryFindSkipped(controller, out _)
            && CarriesV2Form(unified, candidate.Definition))
        {
            hierarchy = _context.MountedFor(unified);
        }

        spelling = hierarchy.IsUnified ? candidate : null;
        return hierarchy;
    }

    public static string Get(Caller caller, MountedHierarchy hierarchy, CgroupPath target, V1Spelling spelling) =>
        spelling.Read(ReadV2Files(caller, hierarchy, target, spelling.V2FilesToRead()));

    public static void Set(Caller caller, MountedHierarchy hierarchy, CgroupPath target, V1Spelling spelling, string value)
    {
        if (!spelling.IsWritable)
        {
            throw new CgException(CgErrorKind.InvalidKey, $"{hierarchy.Label(target, spelling.File)} is read-only");
        }

        if (value.Length == 0)
        {
            return; // as for a real file: nothing to write
        }

        foreach (var write in spelling.Write(value, ReadV2Files(caller, hierarchy, target, spelling.V2FilesToReadBeforeWrite())))
        {
            string path = hierarchy.PathOf(target, write.File);
            string what = hierarchy.Label(target, write.File);
            if (!caller.Requestor.IsHostRoot)
            {
                KeyFiles.RequireAccess(caller, hierarchy, path, what, AccessMode.Write);
            }

            KeyFiles.On(hierarchy, path, what, () => hierarchy.Root.WriteText(path, write.Text + "\n"), $"writing \"{write.Text}\" to {what} (for {spelling.File})");
        }
    }

    private static bool CarriesV2Form(Hierarchy unified, KeyDefinition definition) =>
        definition.V2Controller is { } c && (c == Hierarchy.UnifiedToken || unified.Controllers.Contains(c, StringComparer.Ordinal));

    /// <summary>The v2 files that exist, each with r's read access checked (absent ones are the key's to judge).</summary>
    private static Dictionary<string, string> ReadV2Files(Caller caller, MountedHierarchy hierarchy, CgroupPath target, IReadOnlyList<string> files)
    {
        var contents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            string path = hierarchy.PathOf(target, file);
            if (hierarchy.Facts(path) is not { } facts)
            {
                continue;
            }

            string what = hierarchy.Label(target, file);
            Allow(FileAccessPolicy.MayAccess(caller.Requestor, facts, AccessMode.Read, what));
            contents[file] = KeyFiles.On(hierarchy, path, what, () => hierarchy.Root.ReadAllText(path), $"reading {what}").TrimEnd('\n');
        }

        return contents;
    }
}
