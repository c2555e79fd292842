namespace CgManager.Linux;

/// <summary>statfs f_type values (linux/magic.h) the daemon checks.</summary>
public static class FsMagic
{
    public const long CGROUP_SUPER_MAGIC = 0x27e0eb;
    public const long CGROUP2_SUPER_MAGIC = 0x63677270;
    public const long TMPFS_MAGIC = 0x01021994;
    public const long SYSFS_MAGIC = 0x62656572;
    public const long PROC_SUPER_MAGIC = 0x9fa0;
    public const long NSFS_MAGIC = 0x6e736673;
}
