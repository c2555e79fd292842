namespace CgManager.Core.Access;

/// <summary>What stat(2) says about a cgroup directory or file: host owner ids and st_mode.</summary>
public readonly record struct FileFacts(uint Uid, uint Gid, uint Mode)
{
    /// <summary>The permission bits as four octal digits, e.g. "0755".</summary>
    public string OctalPermissions => Convert.ToString(Mode & 0xFFF, 8).PadLeft(4, '0');

    public override string ToString() => $"owner {Uid}:{Gid}, mode {OctalPermissions}";
}
