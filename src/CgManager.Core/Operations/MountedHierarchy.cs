using CgManager.Core.Hierarchies;
using CgManager.Core.Paths;
using CgManager.Linux;

namespace CgManager.Core.Operations;

/// <summary>
/// A managed hierarchy with the directory fd every operation on it goes through. The fd shows
/// <see cref="RootCgroup"/> (the daemon's cgroup-namespace root for its own detached mounts).
/// </summary>
public sealed class MountedHierarchy : IDisposable
{
    public MountedHierarchy(Hierarchy model, CgroupDirectory root, CgroupPath rootCgroup, bool isDetached)
    {
        Model = model;
        Root = root;
        RootCgroup = rootCgroup;
        IsDetached = isDetached;
    }

    public Hierarchy Model { get; }

    public CgroupDirectory Root { get; }

    public CgroupPath RootCgroup { get; }

    /// <summary>True when the daemon mounted it itself (fsmount), false when it uses the host's mount point.</summary>
    public bool IsDetached { get; }

    public bool IsUnified => Model.IsUnified;

    public string Name => Model.ListName;

    /// <summary>The path to pass to <see cref="CgroupDirectory"/> for a cgroup ("." for the root).</summary>
    public string PathOf(CgroupPath cgroup)
    {
        if (!cgroup.TryGetRelativeTo(RootCgroup, out CgroupPath rest))
        {
            throw new Errors.CgException(CgErrorKind.PermissionDenied,
                $"{cgroup} is outside the part of the {Name} hierarchy this daemon can reach ({RootCgroup})");
        }

        return rest.IsRoot ? "." : rest.ToRelativeString();
    }

    /// <summary>The path of a file in a cgroup.</summary>
    public string PathOf(CgroupPath cgroup, string file)
    {
        string dir = PathOf(cgroup);
        return dir == "." ? file : dir + "/" + file;
    }

    /// <summary>Owner and mode of a cgroup or one of its files, or null if it does not exist.</summary>
    public Access.FileFacts? Facts(string path) =>
        Root.TryStat(path) is { } status ? new Access.FileFacts(status.Uid, status.Gid, status.Mode) : null;

    /// <summary>How messages name a file of a cgroup: "memory:/a/b/memory.max", "memory:/memory.max" at the root.</summary>
    public string Label(CgroupPath cgroup, string file) => cgroup.IsRoot ? $"{Name}:/{file}" : $"{Name}:{cgroup}/{file}";

    public void Dispose() => Root.Dispose();

    public override string ToString() => Name;
}
