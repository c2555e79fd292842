namespace CgManager.Contract.Scm;

/// <summary>One file of a cgroup as ListKeys(Scm) reports it.</summary>
/// <param name="Name">The file name.</param>
/// <param name="Uid">Its owner, in the reader's user namespace (uint.MaxValue = unmapped).</param>
/// <param name="Gid">Its group, likewise.</param>
/// <param name="Mode">Its full st_mode.</param>
public readonly record struct ScmKey(string Name, uint Uid, uint Gid, uint Mode);
